// One matched pair's differences, field by field: each is drift, or an expected difference (cluster-
// specific values, --ignore rules). Secret values are never put into an item: only that a key differs.

import { parseImage } from "../audit/images.js";
import type { Aspects, AspectValue } from "./aspects.js";
import { type ClusterNames, expectedReason } from "./expected.js";
import { refText } from "./identity.js";
import { compareTags } from "./platform.js";
import type { CompareItem, ExpectedDifference, ObjectRef } from "./types.js";

export interface PairDiff {
  items: CompareItem[];
  expected: ExpectedDifference[];
}

function shown(value: AspectValue | undefined): string | null {
  return value?.shown ?? null;
}

function describe(
  ref: ObjectRef,
  field: string,
  blue: AspectValue | undefined,
  green: AspectValue | undefined,
): string {
  const where = `${refText(ref)} ${field}`;
  if (blue?.aspect === "secret" || green?.aspect === "secret") {
    // Worded without "key: value", which log redaction would take for a credential.
    const key = `${refText(ref)} key ${field}`;
    if (!blue) return `${key} is only on green (values not shown)`;
    if (!green) return `${key} is only on blue (values not shown)`;
    return `${key} differs (compared by hash; values not shown)`;
  }
  const behind =
    blue?.aspect === "image" && green && imageBehind(blue.value, green.value) ? " (green is behind)" : "";
  return `${where}: ${blue ? JSON.stringify(blue.shown) : "(unset)"} on blue, ${green ? JSON.stringify(green.shown) : "(unset)"} on green${behind}`;
}

/** Same repository, older tag on green. */
function imageBehind(blue: string, green: string): boolean {
  const b = parseImage(blue);
  const g = parseImage(green);
  return b.path === g.path && b.tag !== null && g.tag !== null && compareTags(g.tag, b.tag) < 0;
}

/** The differences between blue's and green's aspects of one object; `ignoredBy` makes all of them expected. */
export function diffAspects(
  ref: ObjectRef,
  blue: Aspects,
  green: Aspects,
  context: { app: string; ignoredBy: string | null; names: ClusterNames },
): PairDiff {
  const out: PairDiff = { items: [], expected: [] };
  const fields = new Set([...blue.keys(), ...green.keys()]);
  for (const field of fields) {
    const b = blue.get(field);
    const g = green.get(field);
    if (b?.value === g?.value) continue;
    const aspect = (b ?? g)?.aspect ?? "config";
    const message = describe(ref, field, b, g);
    const reason = context.ignoredBy
      ? "ignore-rule"
      : expectedReason(aspect, field, shown(b), shown(g), context.names);
    if (reason) {
      out.expected.push({
        reason,
        app: context.app,
        object: ref,
        field,
        blue: shown(b),
        green: shown(g),
        ...(context.ignoredBy ? { rule: context.ignoredBy } : {}),
        message,
      });
      continue;
    }
    out.items.push({
      type: "differs",
      level: "drift",
      app: context.app,
      object: ref,
      aspect,
      field,
      blue: shown(b),
      green: shown(g),
      message,
    });
  }
  return out;
}
