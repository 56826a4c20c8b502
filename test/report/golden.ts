// Golden-file comparison: exact text. UPDATE_GOLDEN=1 rewrites the file instead (review the diff!).

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../golden");

export function expectGolden(fileName: string, actual: string): void {
  const path = resolve(GOLDEN_DIR, fileName);
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(
      `golden file test/golden/${fileName} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report`,
    );
  }
  expect(actual, `differs from test/golden/${fileName} (UPDATE_GOLDEN=1 rewrites it)`).toBe(
    readFileSync(path, "utf8"),
  );
}
