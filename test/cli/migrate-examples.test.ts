import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/terminal.js";

const EXAMPLES = "examples/migration";

describe("the example migration specs (README) stay valid", () => {
  const files = readdirSync(EXAMPLES).filter((file) => file.endsWith(".yaml"));

  it("has examples to check", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s validates", async (file) => {
    const result = await runCli(["migrate", "validate", path.join(EXAMPLES, file)]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("valid Migration");
  });
});
