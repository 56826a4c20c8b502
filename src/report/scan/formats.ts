// The choices of `cutover scan`'s --output and --fail-on. Kept apart from the renderers: the CLI lists
// them in its help when it starts, before any renderer is loaded.
import type { FailOn } from "../../core/scan/accumulator.js";

export const SCAN_FORMATS = ["table", "json", "yaml", "markdown", "sarif", "junit", "html"] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export type { FailOn };
/** The lowest finding status that fails the run (`--fail-on`); "none" never fails. */
export const FAIL_ON_LEVELS: readonly FailOn[] = ["removed", "deprecated", "none"];
