// The platform catalogue as core consumes it: which images (and custom kinds) are platform components,
// in which bootstrap order green gets them, and which images are databases, queues and caches.
// knowledge/platform-components.ts loads src/knowledge/data/platform-components.yaml into this shape.
import { type ImageRef, parseImage } from "./images.js";

/** What a component does; the data file lists these in the order green must be bootstrapped. */
export const COMPONENT_CATEGORIES = [
  "cluster-addon",
  "node-autoscaling",
  "gitops",
  "certificates",
  "secrets",
  "load-balancer",
  "dns",
  "ingress",
  "mesh",
  "metrics",
  "cluster-metrics",
  "logging",
] as const;
export type ComponentCategory = (typeof COMPONENT_CATEGORIES)[number];

export const STATEFUL_KINDS = [
  "database",
  "queue",
  "cache",
  "search",
  "object-store",
  "coordination",
] as const;
export type StatefulKind = (typeof STATEFUL_KINDS)[number];

export interface CategoryEntry {
  id: ComponentCategory;
  /** Why the category sits at this point of the bootstrap. */
  description: string;
}

export interface PlatformComponentEntry {
  id: string;
  name: string;
  category: ComponentCategory;
  /** Case-insensitive regular expressions matched against the image path (ImageRef.path). */
  images: string[];
  /** "group/Kind" of custom resources whose presence shows the component is in use. */
  kinds: string[];
}

export interface StatefulImageEntry {
  id: string;
  name: string;
  kind: StatefulKind;
  images: string[];
  /** Where the state can live outside the cluster, so both clusters share it ("Amazon RDS for PostgreSQL"). */
  external: string;
}

export interface PlatformCatalog {
  /** Every category once, in bootstrap order. */
  categories: CategoryEntry[];
  components: PlatformComponentEntry[];
  stateful: StatefulImageEntry[];
}

export interface CatalogMatcher {
  /** The component an image belongs to, if any. */
  component(image: string): { entry: PlatformComponentEntry; ref: ImageRef } | undefined;
  /** The database/queue/cache an image runs, if any. */
  stateful(image: string): { entry: StatefulImageEntry; ref: ImageRef } | undefined;
  /** Components whose custom kinds include "group/Kind". */
  componentsOfKind(groupKind: string): PlatformComponentEntry[];
  /** Every "group/Kind" the catalogue knows. */
  kinds(): string[];
  /** Position of a category in the bootstrap order (0 first). */
  order(category: ComponentCategory): number;
}

interface Compiled<Entry> {
  entry: Entry;
  patterns: RegExp[];
}

function compile<Entry extends { images: string[] }>(entries: Entry[]): Compiled<Entry>[] {
  return entries.map((entry) => ({ entry, patterns: entry.images.map((image) => new RegExp(image, "i")) }));
}

/**
 * First entry with a pattern matching the image path. Matches are cached per path (one repository has
 * many tags), parsed references per image (images repeat across pods).
 */
function cachedLookup<Entry>(compiled: Compiled<Entry>[]) {
  const byPath = new Map<string, Entry | null>();
  const byImage = new Map<string, { entry: Entry; ref: ImageRef } | undefined>();
  return (image: string) => {
    if (byImage.has(image)) return byImage.get(image);
    const ref = parseImage(image);
    let entry = byPath.get(ref.path);
    if (entry === undefined) {
      entry =
        compiled.find(({ patterns }) => patterns.some((pattern) => pattern.test(ref.path)))?.entry ?? null;
      byPath.set(ref.path, entry);
    }
    const result = entry === null ? undefined : { entry, ref };
    byImage.set(image, result);
    return result;
  };
}

export function catalogMatcher(catalog: PlatformCatalog): CatalogMatcher {
  const byKind = new Map<string, PlatformComponentEntry[]>();
  for (const entry of catalog.components) {
    for (const kind of entry.kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), entry]);
  }
  const positions = new Map(catalog.categories.map((category, index) => [category.id, index]));
  return {
    component: cachedLookup(compile(catalog.components)),
    stateful: cachedLookup(compile(catalog.stateful)),
    componentsOfKind: (groupKind) => byKind.get(groupKind) ?? [],
    kinds: () => [...byKind.keys()],
    order: (category) => positions.get(category) ?? COMPONENT_CATEGORIES.length,
  };
}
