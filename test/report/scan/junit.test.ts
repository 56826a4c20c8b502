import { describe, expect, it } from "vitest";
import { escapeXml, escapeXmlAttribute, isFailure, renderScanJunit } from "../../../src/report/scan/junit.js";
import type { FailOn } from "../../../src/report/scan/render.js";
import { awkwardFinding, cleanScan, sampleScan } from "./sample.js";

/** A small well-formedness check: balanced tags, quoted attributes, no bare & or < in text. */
function expectWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, "");
  const stack: string[] = [];
  for (const token of body.split(/(<[^>]*>)/)) {
    if (token.startsWith("<")) {
      const match = /^<(\/?)([A-Za-z-]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
      expect(match, `malformed tag ${token}`).not.toBeNull();
      const [, closing, name, , selfClosing] = match ?? [];
      if (closing) expect(stack.pop()).toBe(name);
      else if (!selfClosing) stack.push(name ?? "");
    } else {
      expect(token).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
      expect(token).not.toContain(">");
    }
  }
  expect(stack).toEqual([]);
}

function attribute(xml: string, element: string, name: string): string | undefined {
  return new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];
}

describe("renderScanJunit", () => {
  it.each<[FailOn, number]>([
    ["removed", 7],
    ["deprecated", 8],
    ["none", 0],
  ])("with failOn %s counts %i failures", (failOn, failures) => {
    const xml = renderScanJunit(sampleScan(), failOn);
    expectWellFormed(xml);
    for (const element of ["testsuites", "testsuite"]) {
      expect(attribute(xml, element, "tests")).toBe("10");
      expect(attribute(xml, element, "failures")).toBe(String(failures));
      expect(attribute(xml, element, "errors")).toBe("1");
      expect(attribute(xml, element, "skipped")).toBe("1");
    }
    expect(xml.match(/<failure /g) ?? []).toHaveLength(failures);
    expect(xml.match(/<system-out>/g) ?? []).toHaveLength(8 - failures);
  });

  it("names the suite after the target and reports input errors as <error> testcases", () => {
    const xml = renderScanJunit(sampleScan(), "removed");
    expect(attribute(xml, "testsuite", "name")).toBe("cutover scan 1.33");
    expect(xml).toContain(
      '<testcase classname="deploy/broken.yaml" name="input error at deploy/broken.yaml:7"><error type="input"',
    );
    expect(xml).toContain(
      '<skipped message="unrendered Helm template ({{ … }}) (1 apiVersion/kind recovered and scanned)"/>',
    );
  });

  it("escapes <&>\"' in names, paths and notes", () => {
    const result = cleanScan();
    result.findings = [awkwardFinding()];
    result.errors = [{ file: "a&b.yaml", line: 1, message: 'bad <tag> & "quote"\nsecond line' }];
    const xml = renderScanJunit(result, "removed");
    expectWellFormed(xml);
    expect(xml).toContain("x|y/a&lt;b&gt;&amp;&quot;c&apos;|d");
    expect(xml).toContain("&lt;not-html&gt; &amp; *not-emphasis*");
    expect(xml).toContain('message="bad &lt;tag&gt; &amp; &quot;quote&quot;"');
    expect(xml).toContain('classname="a&amp;b.yaml"');
  });

  it("a clean scan has one passing testcase so CI tools accept the report", () => {
    const xml = renderScanJunit(cleanScan(), "removed");
    expectWellFormed(xml);
    expect(attribute(xml, "testsuite", "tests")).toBe("1");
    expect(attribute(xml, "testsuite", "failures")).toBe("0");
    expect(xml).toContain("No removed or deprecated APIs found for Kubernetes 1.33 (58 objects scanned).");
  });

  it.each([
    ["a<b", "a&lt;b"],
    ["x & y", "x &amp; y"],
    ["\"q\" 'a'", "&quot;q&quot; &apos;a&apos;"],
    ["bell\u0007", "bell\uFFFD"],
    ["lone \uD800 surrogate", "lone \uFFFD surrogate"],
    ["emoji 🚀", "emoji 🚀"],
  ])("escapeXml(%j) = %j", (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });

  it("keeps line breaks in attributes as character references", () => {
    expect(escapeXmlAttribute("a\nb\tc")).toBe("a&#10;b&#9;c");
  });

  it.each<[FailOn, "removed" | "deprecated", boolean]>([
    ["removed", "removed", true],
    ["removed", "deprecated", false],
    ["deprecated", "removed", true],
    ["deprecated", "deprecated", true],
    ["none", "removed", false],
    ["none", "deprecated", false],
  ])("isFailure with failOn %s: %s is %s", (failOn, status, expected) => {
    expect(isFailure(status, failOn)).toBe(expected);
  });
});
