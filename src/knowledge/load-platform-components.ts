import path from "node:path";
import { z } from "zod";
import {
  COMPONENT_CATEGORIES,
  type PlatformCatalog,
  STATEFUL_KINDS,
} from "../core/audit/readiness-catalog.js";
import { defaultDataDir } from "./data-dir.js";
import { readDataFile, validateDataFile } from "./data-file.js";

export const PLATFORM_COMPONENTS_FILE = "platform-components.yaml";

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const GROUP_KIND = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/[A-Z][A-Za-z0-9]*$/;

const text = z.string({ error: "expected text" }).trim().min(1, "must not be empty");
const id = z.string({ error: "expected an id" }).regex(ID, 'expected a lower-case id like "external-dns"');

/** An image pattern must compile as a regular expression; the message says why it does not. */
const imagePattern = z.string({ error: "expected a regular expression" }).superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern, "i");
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `not a valid regular expression (${(error as Error).message})` });
  }
});
const imagePatterns = z.array(imagePattern).min(1, "list at least one image pattern");

const componentSchema = z.strictObject({
  id,
  name: text,
  category: z.enum(COMPONENT_CATEGORIES, { error: `expected one of ${COMPONENT_CATEGORIES.join(", ")}` }),
  images: imagePatterns,
  kinds: z
    .array(z.string().regex(GROUP_KIND, 'expected "group/Kind" like "argoproj.io/Application"'))
    .default([]),
});

const statefulSchema = z.strictObject({
  id,
  name: text,
  kind: z.enum(STATEFUL_KINDS, { error: `expected one of ${STATEFUL_KINDS.join(", ")}` }),
  images: imagePatterns,
  external: text,
});

const categorySchema = z.strictObject({
  id: z.enum(COMPONENT_CATEGORIES, { error: `expected one of ${COMPONENT_CATEGORIES.join(", ")}` }),
  description: text,
});

const platformComponentsSchema = z
  .strictObject({
    schemaVersion: z.literal(1, { error: "expected 1 (the only schema version so far)" }),
    categories: z.array(categorySchema),
    components: z.array(componentSchema),
    stateful: z.array(statefulSchema),
  })
  .superRefine((file, ctx) => {
    // Every category exactly once: the list is the bootstrap order, so a missing one has no place.
    const listed = file.categories.map((category) => category.id);
    for (const category of COMPONENT_CATEGORIES) {
      const times = listed.filter((entry) => entry === category).length;
      if (times !== 1) {
        ctx.addIssue({
          code: "custom",
          path: ["categories"],
          message: `category "${category}" is listed ${times} times; list every category exactly once`,
        });
      }
    }
    for (const listKey of ["components", "stateful"] as const) {
      const seen = new Set<string>();
      file[listKey].forEach((entry, index) => {
        if (seen.has(entry.id)) {
          ctx.addIssue({ code: "custom", path: [listKey, index, "id"], message: `repeats id "${entry.id}"` });
        }
        seen.add(entry.id);
      });
    }
  });

/** The catalogue from `file` (default: the bundled platform-components.yaml). */
export function loadPlatformComponents(file?: string): PlatformCatalog {
  const parsed = readDataFile(
    file ?? path.join(defaultDataDir(), PLATFORM_COMPONENTS_FILE),
    "platform component data",
  );
  const { categories, components, stateful } = validateDataFile(parsed, platformComponentsSchema);
  return { categories, components, stateful };
}
