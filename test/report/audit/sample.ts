// A hand-built audit report with one finding of each kind of evidence, for the renderer tests.
import type { AuditReport } from "../../../src/report/audit/common.js";

export function sampleAudit(): AuditReport {
  return {
    result: {
      findings: [
        {
          type: "differs-from-desired",
          severity: "medium",
          kind: "ConfigMap",
          apiVersion: "v1",
          namespace: "shop",
          name: "settings",
          evidence:
            '1 field differs from the desired state, desired → cluster: data.LOG_LEVEL: "info" → "debug"',
          fix: "Commit the live change to Git if it is intended, else re-sync from Git: green is built from Git and will not have it.",
          source: { file: "snapshot/config.yaml", line: 12, origin: "manifest" },
          details: {
            paths: ["data.LOG_LEVEL"],
            changes: [{ path: "data.LOG_LEVEL", desired: "info", live: "debug" }],
          },
        },
        {
          type: "rbac-risk",
          severity: "high",
          kind: "ClusterRoleBinding",
          apiVersion: "rbac.authorization.k8s.io/v1",
          namespace: null,
          name: "ops-admin",
          evidence: "binds cluster-admin to User jane@example.com | nobody manages the binding",
          fix: "Commit it to Git with a reason, or delete it.",
          source: { file: "cluster:prod", line: null, origin: "manifest" },
        },
        {
          type: "unmanaged",
          severity: "low",
          kind: "CronJob",
          apiVersion: "batch/v1",
          namespace: "shop",
          name: "cleanup",
          evidence:
            "no Argo CD tracking; written by kubectl-client-side-apply (Update, 2023-05-02T02:13:00Z)",
          fix: "commit it to Git or delete it; green will not have it",
        },
      ],
      readiness: [
        {
          check: "gitops-coverage",
          status: "warn",
          evidence: ["41 of 52 workload and config objects managed by Argo CD (79%)", "1 ApplicationSet"],
          actions: ["Bring the 11 unmanaged objects under Argo CD."],
          facts: { managed: 41, total: 52 },
        },
        { check: "observability", status: "pass", evidence: ["Prometheus 2.53"], actions: [] },
      ],
      recommendation: {
        strategy: "blue-green",
        confidence: "medium",
        reasons: ["The jump from 1.29 to 1.33 is 4 minor versions."],
        blockers: ["GitOps coverage is 79%: bring the rest under Argo CD first."],
      },
      summary: {
        objects: 120,
        byManager: { argocd: 90, flux: 0, helm: 10, owner: 15, none: 5 },
        findingsByType: {
          unmanaged: 1,
          "out-of-band-change": 0,
          "differs-from-desired": 1,
          "missing-from-cluster": 0,
          "not-in-desired": 0,
          "rbac-risk": 1,
        },
      },
    },
    currentVersion: "1.29",
    targetVersion: "1.33",
    clusterName: "prod-eu",
    desiredObjects: 95,
    inputErrors: [{ file: "git/broken.yaml", line: 7, message: "Nested mappings are not allowed" }],
    warnings: ["listing PodMonitors is forbidden: skipped"],
  };
}
