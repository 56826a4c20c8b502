// `cutover scan`: every object of the sources through scan's streaming fold, one result.

import { createScanAccumulator } from "../core/scan/accumulator.js";
import { indexApis } from "../core/scan/api-index.js";
import type { ScanResult } from "../core/types.js";
import { knownVersion } from "../core/version.js";
import { type AppContext, watched } from "./context.js";
import { type ObjectSourceOptions, objectStream } from "./object-stream.js";

export interface ScanInput extends Omit<ObjectSourceOptions, "stdin"> {
  targetVersion: string;
  excludeKinds?: string[];
  ignore?: string[];
}

export async function runScan(input: ScanInput, context: AppContext): Promise<ScanResult> {
  const targetVersion = knownVersion("--target-version", input.targetVersion, context.kb.versions);
  const accumulator = createScanAccumulator({
    index: indexApis(context.kb.apis),
    targetVersion,
    filters: { excludeKinds: input.excludeKinds, namespace: input.namespace, ignore: input.ignore },
  });
  const events = objectStream({ ...input, stdin: context.stdin });
  for await (const event of watched(context, events, "scanned")) accumulator.add(event);
  return accumulator.result();
}
