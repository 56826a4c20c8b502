import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isUnderTemplatesDir, scanTemplateLines } from "./helm-template.js";

const HELM_RENDERED = "test/corpus/helm-rendered";

const recovered = (text: string) =>
  scanTemplateLines(text, "t.yaml").map(({ object, source }) => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata?.name,
    line: source.line,
  }));

describe("scanTemplateLines", () => {
  it.each([
    {
      label: "literal apiVersion, kind and name",
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {{ include "x" . }}\n',
      expected: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", line: 1 }],
    },
    {
      label: "templated name is omitted",
      text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ template "x.fullname" . }}\n',
      expected: [{ apiVersion: "v1", kind: "Service", name: undefined, line: 1 }],
    },
    {
      label: "quoted values and trailing comments",
      text: "{{- if .Values.on }}\napiVersion: \"policy/v1beta1\" # old\nkind: 'PodDisruptionBudget'\n{{- end }}\n",
      expected: [{ apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", name: undefined, line: 2 }],
    },
    {
      label: "templated apiVersion is ambiguous",
      text: '{{- if .Values.x }}\napiVersion: {{ template "x.apiVersion" . }}\nkind: Ingress\n',
      expected: [],
    },
    {
      label: "apiVersion chosen by a conditional is ambiguous",
      text: '{{- if semverCompare ">=1.14" .Capabilities.KubeVersion.GitVersion }}\napiVersion: networking.k8s.io/v1beta1\n{{- else }}\napiVersion: extensions/v1beta1\n{{- end }}\nkind: Ingress\n',
      expected: [],
    },
    {
      label: "templated kind is skipped",
      text: "apiVersion: v1\nkind: {{ .Values.kind }}\n",
      expected: [],
    },
    {
      label: "one object per --- document, nested keys ignored",
      text: [
        "apiVersion: v1",
        "kind: ServiceAccount",
        "metadata:",
        "{{- if .Values.ns }}",
        "  namespace: x",
        "{{- end }}",
        "  name: sa",
        "  annotations:",
        "    name: not-this",
        "---",
        "apiVersion: rbac.authorization.k8s.io/v1beta1",
        "kind: ClusterRoleBinding",
        "subjects:",
        "  - kind: ServiceAccount",
        "    name: sa",
      ].join("\n"),
      expected: [
        { apiVersion: "v1", kind: "ServiceAccount", name: "sa", line: 1 },
        {
          apiVersion: "rbac.authorization.k8s.io/v1beta1",
          kind: "ClusterRoleBinding",
          name: undefined,
          line: 11,
        },
      ],
    },
    {
      label: "a document without apiVersion",
      text: "{{/* helpers */}}\nkind: Nothing\n",
      expected: [],
    },
  ])("$label", ({ text, expected }) => {
    expect(recovered(text)).toEqual(expected);
  });
});

describe("isUnderTemplatesDir", () => {
  it.each([
    ["chart/templates/a.yaml", true],
    ["templates/a.yaml", true],
    ["chart\\templates\\a.yaml", true],
    ["chart/templates/sub/a.yaml", true],
    ["chart/my-templates/a.yaml", false],
    ["chart/templates.yaml", false],
  ])("%s → %s", (file, expected) => {
    expect(isUnderTemplatesDir(file)).toBe(expected);
  });
});

describe("the raw helm/charts templates chosen for an old API", () => {
  const selection = JSON.parse(readFileSync(join(HELM_RENDERED, "selection.json"), "utf8")) as {
    file: string;
    selectedFor?: { apiVersion: string; kind: string };
  }[];
  const templates = selection.filter((entry) => entry.selectedFor !== undefined);

  it("recovers the chosen apiVersion/kind, unless the template picks its API with conditionals", () => {
    const missed: string[] = [];
    for (const { file, selectedFor } of templates) {
      const text = readFileSync(join(HELM_RENDERED, file), "utf8");
      const found = scanTemplateLines(text, file).some(
        ({ object }) => object.apiVersion === selectedFor?.apiVersion && object.kind === selectedFor?.kind,
      );
      if (found) continue;
      missed.push(file);
      // A miss is only allowed where the file has several column-0 apiVersion or kind lines.
      const topLevel = text.split("\n").filter((line) => /^(apiVersion|kind):/.test(line));
      expect(topLevel.length, file).toBeGreaterThan(2);
    }
    expect(templates.length).toBeGreaterThan(140);
    expect(missed.length).toBeLessThanOrEqual(15);
  });
});
