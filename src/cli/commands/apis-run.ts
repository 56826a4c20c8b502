// What `cutover apis` does once its flags are parsed: filter the knowledge base's APIs and print them.
import type { ApiLifecycle, KnowledgeBase } from "../../core/knowledge.js";
import { statusAt } from "../../core/scan/scan.js";
import { knownVersion } from "../../core/version.js";
import { renderTable } from "../../report/text-table.js";
import { toYaml } from "../../report/yaml-output.js";
import { choice, type Terminal } from "../io.js";

const FORMATS = ["table", "json", "yaml"] as const;
const SETS = ["builtin", "crd", "user", "all"] as const;

export interface ApisFlags {
  targetVersion?: string;
  output?: string;
  set: string;
}

export async function listApis(flags: ApisFlags, terminal: Terminal, kb: KnowledgeBase): Promise<number> {
  const format = choice("--output", flags.output ?? "table", FORMATS);
  const set = choice("--set", flags.set, SETS);
  const target = flags.targetVersion
    ? knownVersion("--target-version", flags.targetVersion, kb.versions)
    : undefined;
  const apis = kb.apis.filter(
    (api) => (set === "all" || api.set === set) && (!target || statusAt(api, target) !== undefined),
  );
  terminal.out(renderApis(apis, format));
  return 0;
}

function renderApis(apis: ApiLifecycle[], format: (typeof FORMATS)[number]): string {
  if (format === "json") return JSON.stringify({ apis }, null, 2);
  if (format === "yaml") return toYaml({ apis });
  const rows = apis.map((api) => [
    api.apiVersion,
    api.kind,
    api.deprecatedIn ?? "-",
    api.removedIn ?? "-",
    api.replacement ?? "none",
    api.component,
  ]);
  return renderTable(
    ["API VERSION", "KIND", "DEPRECATED IN", "REMOVED IN", "REPLACEMENT", "COMPONENT"],
    rows,
  );
}
