// Platform components and in-cluster data services, recognised from the images of top-level workloads
// (and, for components, from their custom kinds), listed in the order green must be bootstrapped.
import type { ImageRef } from "./images.js";
import { displayVersion } from "./images.js";
import type { CatalogMatcher, ComponentCategory, StatefulKind } from "./readiness-catalog.js";
import { count, listSome, makeCheck } from "./readiness-common.js";
import { asString, type Fields } from "./readiness-fields.js";
import type { ReadinessIndex, Workload } from "./readiness-index.js";
import type { ReadinessCheck } from "./types.js";

/** One container running a component's image. */
export interface ComponentUse {
  workload: Workload;
  container: Fields;
  ref: ImageRef;
}

export interface DetectedComponent {
  id: string;
  name: string;
  category: ComponentCategory;
  /** Position of the category in the bootstrap order, 0 first. */
  order: number;
  uses: ComponentUse[];
  /** "group/Kind N" for each custom kind of the component found in the input. */
  kinds: string[];
}

export interface DataService {
  id: string;
  name: string;
  kind: StatefulKind;
  external: string;
  workload: Workload;
  ref: ImageRef;
}

export interface PlatformScan {
  components: DetectedComponent[];
  dataServices: DataService[];
}

export function detectPlatform(index: ReadinessIndex, matcher: CatalogMatcher): PlatformScan {
  const found = new Map<string, DetectedComponent>();
  const dataServices: DataService[] = [];
  for (const workload of index.workloads) {
    for (const container of workload.containers) {
      const image = asString(container.image);
      if (!image) continue;
      const component = matcher.component(image);
      if (component) {
        const { entry, ref } = component;
        const detected = found.get(entry.id) ?? newComponent(entry, matcher);
        detected.uses.push({ workload, container, ref });
        found.set(entry.id, detected);
      }
      const service = matcher.stateful(image);
      if (service) {
        const { entry, ref } = service;
        const { id, name, kind, external } = entry;
        dataServices.push({ id, name, kind, external, workload, ref });
      }
    }
  }
  addComponentsFoundByKind(index, matcher, found);
  const components = [...found.values()].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return { components, dataServices };
}

function newComponent(
  entry: { id: string; name: string; category: ComponentCategory },
  matcher: CatalogMatcher,
): DetectedComponent {
  const { id, name, category } = entry;
  return { id, name, category, order: matcher.order(category), uses: [], kinds: [] };
}

/** Custom resources show a component is in use even when its controller is not in the input. */
function addComponentsFoundByKind(
  index: ReadinessIndex,
  matcher: CatalogMatcher,
  found: Map<string, DetectedComponent>,
): void {
  for (const groupKind of matcher.kinds()) {
    const [group = "", kind = ""] = splitGroupKind(groupKind);
    const objects = index.ofType(group, kind);
    if (objects.length === 0) continue;
    for (const entry of matcher.componentsOfKind(groupKind)) {
      const detected = found.get(entry.id) ?? newComponent(entry, matcher);
      detected.kinds.push(`${groupKind} ${objects.length}`);
      found.set(entry.id, detected);
    }
  }
}

function splitGroupKind(groupKind: string): [string, string] {
  const slash = groupKind.lastIndexOf("/");
  return [groupKind.slice(0, slash), groupKind.slice(slash + 1)];
}

/** Distinct image versions of a component, as shown in evidence ("v2.8.4", "latest"). */
export function versionsOf(component: DetectedComponent): string[] {
  return [...new Set(component.uses.map((use) => displayVersion(use.ref)))].sort();
}

function workloadsOf(component: DetectedComponent): string[] {
  return [...new Set(component.uses.map((use) => use.workload.ref))];
}

/** A component whose running images carry no version (latest, untagged, digest only) cannot be matched in green. */
function hasUnknownVersion(component: DetectedComponent): boolean {
  return component.uses.some((use) => use.ref.version === null);
}

function describe(component: DetectedComponent, step: number): string {
  const versions = versionsOf(component);
  const where =
    component.uses.length > 0
      ? `${versions.join(", ")} in ${listSome(workloadsOf(component), 3)}`
      : `in use (${component.kinds.join(", ")}), its controller is not in the input`;
  return `${step}. ${component.name} [${component.category}]: ${where}`;
}

export function componentsCheck(scan: PlatformScan): ReadinessCheck {
  const { components } = scan;
  const facts = {
    components: components.map((component, step) => ({
      step: step + 1,
      id: component.id,
      name: component.name,
      category: component.category,
      versions: versionsOf(component),
      images: [...new Set(component.uses.map((use) => use.ref.image))].sort(),
      workloads: workloadsOf(component),
      kinds: component.kinds,
    })),
  };
  if (components.length === 0) {
    return makeCheck(
      "platform-components",
      "warn",
      ["No platform component recognised from images or custom kinds"],
      [
        "List what green must install before workloads (GitOps, load balancer controller, DNS, certificates, secrets, observability); unrecognised images can be added to src/knowledge/data/platform-components.yaml",
      ],
      facts,
    );
  }
  const unversioned = components.filter(hasUnknownVersion).map((component) => component.name);
  const evidence = [
    `${count(components.length, "platform component")} in bootstrap order:`,
    ...components.map((component, step) => describe(component, step + 1)),
  ];
  if (unversioned.length > 0) {
    evidence.push(
      `Running without a version tag (latest, untagged or digest only): ${listSome(unversioned)}`,
    );
  }
  const actions = [
    `Pin image versions of ${listSome(unversioned)}: green must install the same versions as blue, in this order, before any workload`,
  ];
  return makeCheck("platform-components", unversioned.length > 0 ? "warn" : "pass", evidence, actions, facts);
}
