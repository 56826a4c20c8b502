// `-o sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).
// Rule ids are `api/<apiVersion>/<Kind>` (e.g. `api/extensions/v1beta1/Ingress`, `api/v1/Endpoints`):
// one rule per API, the same whatever the target version, so an alert keeps its history when an API goes
// from deprecated to removed; the result level carries the status (removed = error, deprecated = warning).

import type { Finding, InputError, ScanResult } from "../../core/types.js";
import {
  type ApiGroupNotes,
  apiKey,
  findingSentence,
  groupByApi,
  lifecycleText,
  replacementText,
} from "./common.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const DEPRECATION_GUIDE = "https://kubernetes.io/docs/reference/using-api/deprecation-guide/";

type Level = "error" | "warning" | "note";

export function sarifRuleId(api: { apiVersion: string; kind: string }): string {
  return `api/${apiKey(api)}`;
}

export function renderScanSarif(result: ScanResult, toolVersion?: string): string {
  return `${JSON.stringify(toSarif(result, toolVersion), null, 2)}\n`;
}

function toSarif(result: ScanResult, toolVersion?: string): Record<string, unknown> {
  const groups = groupByApi(result.findings);
  const ruleIndex = new Map(groups.map((group, index) => [apiKey(group), index]));
  // informationUri is optional in SARIF; it is left out until the project has a public home.
  const driver: Record<string, unknown> = { name: "cutover" };
  if (toolVersion) driver.version = toolVersion;
  driver.rules = groups.map(sarifRule);
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver },
        invocations: [invocation(result)],
        results: result.findings.map((finding) => sarifResult(finding, ruleIndex.get(apiKey(finding)) ?? 0)),
        properties: { targetVersion: result.targetVersion, summary: result.summary },
      },
    ],
  };
}

function sarifRule(group: ApiGroupNotes): Record<string, unknown> {
  const title = `${group.kind} ${group.apiVersion} is ${group.status}`;
  const full = [
    `${group.kind} ${group.apiVersion}: ${lifecycleText(group)}; ${replacementText(group.replacement)}.`,
  ];
  full.push(...group.notes);
  const rule: Record<string, unknown> = {
    id: sarifRuleId(group),
    name: ruleName(group),
    shortDescription: { text: title },
    fullDescription: { text: full.join(" ") },
    help: { text: full.join("\n"), markdown: helpMarkdown(full) },
    defaultConfiguration: { level: levelOf(group.status) },
    properties: {
      tags: [...new Set(["kubernetes", `${group.status}-api`, group.component])],
      apiVersion: group.apiVersion,
      kind: group.kind,
      replacement: group.replacement,
      deprecatedIn: group.deprecatedIn,
      removedIn: group.removedIn,
      component: group.component,
    },
  };
  if (group.component === "kubernetes") rule.helpUri = DEPRECATION_GUIDE;
  return rule;
}

/** A PascalCase identifier, as SARIF suggests for rule names: "ExtensionsV1beta1Ingress". */
function ruleName(group: ApiGroupNotes): string {
  const words = `${group.apiVersion}/${group.kind}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}

function helpMarkdown(lines: readonly string[]): string {
  const [first, ...notes] = lines;
  return [first, ...(notes.length > 0 ? ["", ...notes.map((note) => `- ${note}`)] : [])].join("\n");
}

function sarifResult(finding: Finding, ruleIndex: number): Record<string, unknown> {
  const { origin, manager, release, template } = finding.source;
  return {
    ruleId: sarifRuleId(finding),
    ruleIndex,
    level: levelOf(finding.status),
    message: { text: findingSentence(finding) },
    locations: [location(finding.source)],
    properties: {
      kind: finding.kind,
      namespace: finding.namespace,
      name: finding.name,
      status: finding.status,
      origin,
      ...(manager !== undefined && { manager }),
      ...(release !== undefined && { release }),
      ...(template !== undefined && { template }),
      ...(finding.usage !== undefined && { usage: finding.usage }),
    },
  };
}

/** The file as given (a relative path stays relative); live objects use "cluster:<context>" and no region. */
function location(where: { file: string; line: number | null }): Record<string, unknown> {
  const artifactLocation = { uri: toUriReference(where.file) };
  const physicalLocation: Record<string, unknown> = { artifactLocation };
  if (where.line !== null) physicalLocation.region = { startLine: where.line };
  return { physicalLocation };
}

/** A path as a URI reference: forward slashes, and characters that are not allowed in a URI encoded. */
export function toUriReference(file: string): string {
  return encodeURI(file.replace(/\\/g, "/")).replace(/#/g, "%23").replace(/\?/g, "%3F");
}

function invocation(result: ScanResult): Record<string, unknown> {
  const notifications = [
    ...result.errors.map((error) => notification("error", error.message, error)),
    ...result.skipped.map((skipped) =>
      notification("note", `Skipped: ${skipped.reason} (${skipped.recovered} apiVersion/kind recovered)`, {
        file: skipped.file,
        line: null,
      }),
    ),
    ...result.warnings.map((warning) => notification("warning", warning)),
  ];
  return { executionSuccessful: result.errors.length === 0, toolExecutionNotifications: notifications };
}

function notification(level: Level, text: string, where?: InputError | { file: string; line: null }) {
  return { level, message: { text }, ...(where && { locations: [location(where)] }) };
}

function levelOf(status: Finding["status"]): Level {
  return status === "removed" ? "error" : "warning";
}
