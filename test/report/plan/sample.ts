// Plans the renderer tests share: built by the real planner from the tiny knowledge base.

import { planUpgrade } from "../../../src/core/plan/plan.js";
import type { UpgradePlan } from "../../../src/core/plan/types.js";
import { TINY_KB, usage } from "../../support/tiny-kb.js";

export const SAMPLE_TODAY = "2026-11-26";

/** 1.28 → 1.33, nodes 1.28, managed node groups and Karpenter seen, three removed APIs and one deprecated. */
export function samplePlan(): UpgradePlan {
  return planUpgrade({
    from: "1.28",
    to: "1.33",
    today: SAMPLE_TODAY,
    kb: TINY_KB,
    nodeKinds: ["karpenter", "managed-node-group"],
    usages: [
      usage("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "probes", {
        file: "platform/apf.yaml",
        line: 3,
        namespace: null,
      }),
      usage("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "batch", {
        file: "platform/apf.yaml",
        line: 21,
        namespace: null,
      }),
      usage("policy/v1beta1", "PodDisruptionBudget", "web", {
        file: "snapshot/pdb.yaml",
        line: 12,
        namespace: "shop",
        origin: "last-applied",
      }),
      usage("v1", "Endpoints", "legacy-db", { file: "apps/db.yaml", line: 40, namespace: "shop" }),
      usage("apps/v1", "Deployment", "web", { file: "apps/web.yaml", line: 1, namespace: "shop" }),
    ],
  });
}

/** 1.28 → 1.30 with nodes at 1.25 (a rollout before the first hop), no sources, node kinds unknown. */
export function edgePlan(): UpgradePlan {
  return planUpgrade({ from: "1.28", to: "1.30", nodes: "1.25", today: SAMPLE_TODAY, kb: TINY_KB });
}
