// `-o junit`: JUnit XML for CI test reports. One testsuite; one testcase per finding (a <failure> when
// its status is at or above --fail-on, else a passing case with <system-out>), one <error> testcase per
// input error and one <skipped> testcase per skipped file. A clean scan still has one passing testcase,
// because some CI plugins reject reports without any.

import type { FailOn } from "../../core/scan/accumulator.js";
import type { Finding, InputError, ScanResult, SkippedFile } from "../../core/types.js";
import { fileAndLine, findingSentence, namespacedName, noFindingsLine, sourceLabel } from "./common.js";

/** Whether a finding of this status fails the run under `--fail-on`. */
export function isFailure(status: Finding["status"], failOn: FailOn): boolean {
  if (failOn === "none") return false;
  return failOn === "deprecated" || status === "removed";
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export function renderScanJunit(result: ScanResult, failOn: FailOn): string {
  const cases = [
    ...result.findings.map((finding) => findingCase(finding, failOn)),
    ...result.errors.map(errorCase),
    ...result.skipped.map(skippedCase),
  ];
  if (result.findings.length === 0 && result.errors.length === 0) {
    cases.unshift(
      `    <testcase classname="cutover.scan" name="${escapeXmlAttribute(noFindingsLine(result))}"/>`,
    );
  }
  const counts: Counts = {
    tests: cases.length,
    failures: result.findings.filter((finding) => isFailure(finding.status, failOn)).length,
    errors: result.errors.length,
    skipped: result.skipped.length,
  };
  const suiteName = escapeXmlAttribute(`cutover scan ${result.targetVersion}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cutover" ${countAttributes(counts)}>`,
    `  <testsuite name="${suiteName}" ${countAttributes(counts)}>`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

function countAttributes(counts: Counts): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}

/** classname is the file, so CI tools group cases by file; the name identifies the object. */
function findingCase(finding: Finding, failOn: FailOn): string {
  const name = `${finding.kind} ${namespacedName(finding)} (${finding.apiVersion}) at ${sourceLabel(finding.source, finding.usage)}`;
  const sentence = findingSentence(finding);
  const details = [sentence, ...finding.notes.map((note) => `- ${note}`)].join("\n");
  const body = isFailure(finding.status, failOn)
    ? `<failure type="${finding.status}" message="${escapeXmlAttribute(sentence)}">${escapeXml(details)}</failure>`
    : `<system-out>${escapeXml(details)}</system-out>`;
  return `    <testcase classname="${escapeXmlAttribute(finding.source.file)}" name="${escapeXmlAttribute(name)}">${body}</testcase>`;
}

function errorCase(error: InputError): string {
  const firstLine = error.message.split("\n")[0] ?? "";
  const body = `<error type="input" message="${escapeXmlAttribute(firstLine)}">${escapeXml(error.message)}</error>`;
  const name = `input error at ${fileAndLine(error)}`;
  return `    <testcase classname="${escapeXmlAttribute(error.file)}" name="${escapeXmlAttribute(name)}">${body}</testcase>`;
}

function skippedCase(skipped: SkippedFile): string {
  const message = `${skipped.reason} (${skipped.recovered} apiVersion/kind recovered and scanned)`;
  const name = `skipped ${skipped.file}`;
  return `    <testcase classname="${escapeXmlAttribute(skipped.file)}" name="${escapeXmlAttribute(name)}"><skipped message="${escapeXmlAttribute(message)}"/></testcase>`;
}

/** XML 1.0 Char: tab, LF, CR and the planes except surrogates and U+FFFE/U+FFFF; others cannot be escaped. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    codePoint >= 0x10000
  );
}

/** Escapes text for XML content; characters XML cannot carry become U+FFFD. */
export function escapeXml(text: string): string {
  const valid = Array.from(text, (char) => (isXmlChar(char.codePointAt(0) ?? 0) ? char : "\uFFFD")).join("");
  return valid.replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? char);
}

/** Escapes an attribute value; line breaks and tabs are kept as character references, not normalised away. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/[\t\n\r]/g, (char) => `&#${char.charCodeAt(0)};`);
}

const XML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
