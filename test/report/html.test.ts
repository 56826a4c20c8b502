// `-o html` for scan, plan and audit, end to end through the CLI on the bundled examples plus objects with
// hostile names: each page parses as HTML without errors, shows every finding, escapes markup in names,
// loads nothing (no src/href to anywhere, one inline script), and keeps secrets out. The shared page
// helpers are checked table-driven.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DefaultTreeAdapterMap, parse } from "parse5";
import { describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/core/types.js";
import { escapeHtml, html } from "../../src/report/html-page.js";
import { runCli } from "../support/terminal.js";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const HOSTILE = "<script>alert(1)</script>";
const dir = mkdtempSync(path.join(tmpdir(), "cutover-html-"));
const hostileFile = path.join(dir, "hostile.yaml");
writeFileSync(
  hostileFile,
  [
    "apiVersion: extensions/v1beta1",
    "kind: Ingress",
    `metadata: { name: "${HOSTILE}", namespace: "shop" }`,
    "---",
    "apiVersion: batch/v1beta1",
    "kind: CronJob",
    `metadata: { name: "<img src=x onerror=alert(2)>", namespace: "shop" }`,
    "",
  ].join("\n"),
);

interface Page {
  raw: string;
  errors: string[];
  elements: Element[];
  text: string;
}

function parsePage(raw: string): Page {
  const errors: string[] = [];
  const document = parse(raw, {
    onParseError: (error) => errors.push(`${error.code} at ${error.startLine}`),
  });
  const elements: Element[] = [];
  let text = "";
  const walk = (node: Node) => {
    if (node.nodeName === "#text") text += (node as DefaultTreeAdapterMap["textNode"]).value;
    if ("tagName" in node) elements.push(node);
    const children = "childNodes" in node ? node.childNodes : [];
    for (const child of children) walk(child);
    if (node.nodeName === "template") walk((node as DefaultTreeAdapterMap["template"]).content);
  };
  walk(document);
  return { raw, errors, elements, text };
}

const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;

async function html0(args: string[]): Promise<Page> {
  const run = await runCli(args);
  expect(run.stderr).not.toMatch(/TypeError|RangeError/);
  expect(run.stdout).toMatch(/^<!doctype html>/);
  return parsePage(run.stdout);
}

describe.each([
  ["scan", ["scan", "examples", hostileFile, "-t", "1.33", "-o", "html", "--fail-on", "none"]],
  ["plan", ["plan", "--from", "1.29", "--to", "1.33", hostileFile, "-o", "html", "--fail-on", "none"]],
  [
    "audit",
    [
      "audit",
      "examples/snapshot",
      hostileFile,
      "--desired",
      "examples/manifests",
      "-t",
      "1.33",
      "-o",
      "html",
    ],
  ],
])("%s -o html", (_, args) => {
  let page: Page;
  it("parses as HTML with no parse error", async () => {
    page = await html0(args);
    expect(page.errors).toEqual([]);
    expect(page.elements.map((e) => e.tagName)).toEqual(
      expect.arrayContaining(["html", "head", "body", "main"]),
    );
  });

  it("loads nothing: no src or href, one inline script, a CSP that forbids every load", () => {
    expect(
      page.elements.filter((e) => attr(e, "src") !== undefined || attr(e, "href") !== undefined),
    ).toEqual([]);
    expect(page.elements.filter((e) => e.tagName === "script")).toHaveLength(1);
    expect(
      page.elements.filter((e) => ["link", "img", "iframe", "object", "embed"].includes(e.tagName)),
    ).toEqual([]);
    expect(page.raw).not.toMatch(/https?:\/\//);
    const csp = page.elements.find((e) => attr(e, "http-equiv") === "Content-Security-Policy");
    expect(attr(csp as Element, "content")).toMatch(/^default-src 'none'/);
  });

  it("shows hostile names as text, never as markup", () => {
    expect(page.raw).not.toContain(HOSTILE);
    expect(page.raw).not.toContain("<img src=x");
    expect(page.text).toContain(HOSTILE);
  });
});

describe("scan -o html lists every finding", () => {
  it("has one table row per finding with its kind, name, apiVersion and source", async () => {
    const json = await runCli(["scan", "examples", "-t", "1.33", "-o", "json", "--fail-on", "none"]);
    const result = JSON.parse(json.stdout) as ScanResult;
    const page = await html0(["scan", "examples", "-t", "1.33", "-o", "html", "--fail-on", "none"]);
    const rows = page.elements.filter((e) => e.tagName === "tr" && attr(e, "data-status") !== undefined);
    expect(rows).toHaveLength(result.findings.length);
    expect(result.findings.length).toBeGreaterThan(5);
    for (const finding of result.findings) {
      expect(page.text).toContain(finding.apiVersion);
      expect(page.text).toContain(`${finding.source.file}:${finding.source.line}`);
    }
    expect(rows.map((row) => attr(row, "data-status")).sort()).toEqual(
      result.findings.map((f) => f.status).sort(),
    );
  });
});

describe("plan -o html", () => {
  it("is a timeline with one entry per hop and each hop's add-ons", async () => {
    const page = await html0([
      "plan",
      "--from",
      "1.29",
      "--to",
      "1.33",
      "--snapshot",
      "examples/snapshot",
      "-o",
      "html",
    ]);
    for (const hop of ["1.29 → 1.30", "1.30 → 1.31", "1.31 → 1.32", "1.32 → 1.33"]) {
      expect(page.text).toContain(`control plane ${hop}`);
    }
    expect(page.text).toContain("coredns");
    expect(page.text).toMatch(/1\.29 → 1\.32 \(skew\)/);
  });
});

describe("audit -o html", () => {
  it("puts the recommendation and its reasons before the readiness checklist", async () => {
    const page = await html0(["audit", "--snapshot", "examples/snapshot", "-t", "1.33", "-o", "html"]);
    const recommendation = page.text.indexOf("Recommendation:");
    expect(recommendation).toBeGreaterThan(-1);
    expect(recommendation).toBeLessThan(page.text.indexOf("Readiness checklist"));
    for (const check of ["gitops-coverage", "observability", "upgrade-blockers"])
      expect(page.text).toContain(check);
  });
});

describe("escapeHtml and html", () => {
  it.each([
    [HOSTILE, "&lt;script&gt;alert(1)&lt;/script&gt;"],
    [`a "quoted" 'value' & more`, "a &quot;quoted&quot; &#39;value&#39; &amp; more"],
    ["password=hunter2", "password=[redacted]"],
    ["Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer [redacted]"],
    ["postgres://app:s3cret@db:5432/x", "postgres://app:[redacted]@db:5432/x"],
    [null, ""],
  ])("%s → %s", (value, expected) => {
    expect(escapeHtml(value)).toBe(expected);
  });

  it("escapes every interpolated value, joins arrays and keeps nested html as markup", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p title="${'"x"'}">${["<a>", inner, null, false, 3]}</p>`.value).toBe(
      '<p title="&quot;x&quot;">&lt;a&gt;<b>&lt;i&gt;</b>3</p>',
    );
  });
});
