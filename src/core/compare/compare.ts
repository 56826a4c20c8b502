// The compare of two clusters: blue's objects are held, indexed by identity (and by GitOps identity for
// renamed namespaces); green's are streamed past them one at a time and not kept, so memory grows with
// blue alone. Pure: objects in, a CompareResult out.

import { isSystemObject, type MatchRules } from "../audit/system-objects.js";
import type { KubeObject } from "../types.js";
import { type Aspects, aspectsOf } from "./aspects.js";
import { diffAspects } from "./diff.js";
import type { ClusterNames } from "./expected.js";
import {
  appOf,
  gitopsKey,
  groupKindText,
  inventoryApps,
  isArgoApplication,
  joinKey,
  refOf,
  refText,
} from "./identity.js";
import { createPlatformCollector } from "./platform.js";
import { createEndpointTracker, needsEndpoints, type Readiness, readinessOf } from "./readiness.js";
import type { AppId, CompareItem, CompareResult, ExpectedDifference, ObjectRef } from "./types.js";
import { composeResult, type SideSummary } from "./verdict.js";

export interface CompareOptions {
  /** What both clusters make on their own (audit's system-object rules): not joined. */
  system: MatchRules;
  /** The user's --ignore rules: their objects' differences are expected. */
  ignore: MatchRules;
  clusterNames?: ClusterNames;
}

export interface CompareSession {
  /** Every blue object, before the first green one. */
  addBlue(object: KubeObject): void;
  addGreen(object: KubeObject): void;
  finish(): CompareResult;
}

interface Held {
  ref: ObjectRef;
  key: string;
  app: AppId;
  aspects: Aspects;
  ready: Readiness | undefined;
  ignoredBy: string | null;
  endpoints: boolean;
  matched: boolean;
}

/** Objects the join leaves out: what each cluster makes itself, except the GitOps tools' applications. */
function joined(object: KubeObject, system: MatchRules): boolean {
  if (object.apiVersion.startsWith("cutover.dev/")) return false;
  if (isArgoApplication(object) || object.apiVersion.includes("toolkit.fluxcd.io/")) return true;
  return isSystemObject(object, system) === null;
}

function side(system: MatchRules) {
  const platform = createPlatformCollector();
  const endpoints = createEndpointTracker();
  const kinds = new Set<string>();
  const served = new Set<string>();
  const inventory = new Map<string, AppId>();
  let objects = 0;
  return {
    platform,
    endpoints,
    kinds,
    served,
    inventory,
    get objects() {
      return objects;
    },
    /** Feeds the side's facts; true when the object is joined. */
    see(object: KubeObject): boolean {
      objects++;
      platform.add(object);
      endpoints.add(object);
      for (const [key, app] of inventoryApps(object)) inventory.set(key, app);
      if (object.kind === "Snapshot" && object.apiVersion.startsWith("cutover.dev/")) {
        for (const file of Array.isArray(object.files) ? object.files : []) {
          const entry = file as { group?: unknown; kind?: unknown };
          if (typeof entry.kind === "string") {
            served.add(groupKindText({ group: String(entry.group ?? ""), kind: entry.kind }));
          }
        }
        return false;
      }
      if (!joined(object, system)) return false;
      kinds.add(groupKindText(refOf(object)));
      return true;
    },
    summary(): SideSummary {
      return { facts: platform.facts(objects), addOns: platform.addOns(), kinds, served };
    },
  };
}

export function startCompare(options: CompareOptions): CompareSession {
  const names = options.clusterNames ?? {};
  const blue = side(options.system);
  const green = side(options.system);
  const byKey = new Map<string, Held>();
  const byGitops = new Map<string, Held>();
  const items: { item: CompareItem; held: Held }[] = [];
  const expected: { entry: ExpectedDifference; held: Held }[] = [];
  const extras: { ref: ObjectRef; app: AppId; key: string; ignoredBy: string | null }[] = [];
  const greenServices: { held: Held; namespace: string; name: string }[] = [];
  const ignoredBy = (object: KubeObject) => isSystemObject(object, options.ignore)?.rule ?? null;
  let matched = 0;

  const readinessItem = (held: Held, greenReady: Readiness | undefined) => {
    if (!greenReady || greenReady.ok) return;
    const blueOk = held.ready?.ok !== false;
    items.push({
      held,
      item: {
        type: "not-ready",
        level: blueOk ? "blocking" : "info",
        app: "",
        object: held.ref,
        aspect: null,
        field: null,
        blue: held.ready?.detail ?? null,
        green: greenReady.detail,
        message: `${refText(held.ref)} is ${greenReady.detail} on green${held.ready ? `, ${held.ready.detail} on blue` : ""}`,
      },
    });
  };

  return {
    addBlue(object) {
      if (!blue.see(object)) return;
      const ref = refOf(object);
      const key = joinKey(ref);
      if (byKey.has(key)) return;
      const held: Held = {
        ref,
        key,
        app: appOf(object),
        aspects: aspectsOf(object),
        ready: readinessOf(object),
        ignoredBy: ignoredBy(object),
        endpoints: needsEndpoints(object),
        matched: false,
      };
      byKey.set(key, held);
      const tracked = gitopsKey(object, ref);
      if (tracked && !byGitops.has(tracked)) byGitops.set(tracked, held);
    },
    addGreen(object) {
      if (!green.see(object)) return;
      const ref = refOf(object);
      const key = joinKey(ref);
      const tracked = gitopsKey(object, ref);
      const direct = byKey.get(key);
      const held = direct ?? (tracked ? byGitops.get(tracked) : undefined);
      if (!held || (held.matched && !direct)) {
        extras.push({ ref, key, app: appOf(object), ignoredBy: ignoredBy(object) });
        return;
      }
      if (held.matched) return; // the same object read twice on green
      held.matched = true;
      matched++;
      const diff = diffAspects(held.ref, held.aspects, aspectsOf(object), {
        app: "",
        ignoredBy: held.ignoredBy ?? ignoredBy(object),
        names,
      });
      for (const item of diff.items) items.push({ item, held });
      for (const entry of diff.expected) expected.push({ entry, held });
      readinessItem(held, readinessOf(object));
      if (held.endpoints && needsEndpoints(object)) {
        greenServices.push({ held, namespace: ref.namespace ?? "", name: ref.name });
      }
    },
    finish() {
      const appOfHeld = (held: Held) =>
        held.app.via === "namespace" || held.app.via === "cluster"
          ? (blue.inventory.get(held.key) ?? held.app).id
          : held.app.id;
      for (const { held, namespace, name } of greenServices) {
        const blueReady = blue.endpoints.seen
          ? blue.endpoints.has(held.ref.namespace ?? "", held.ref.name)
          : undefined;
        if (green.endpoints.seen && !green.endpoints.has(namespace, name)) {
          readinessItem(
            {
              ...held,
              ready:
                blueReady === undefined
                  ? undefined
                  : { ok: blueReady, detail: blueReady ? "with endpoints" : "without endpoints" },
            },
            { ok: false, detail: "without endpoints" },
          );
        }
      }
      const all: CompareItem[] = items.map(({ item, held }) => ({ ...item, app: appOfHeld(held) }));
      const listed: ExpectedDifference[] = expected.map(({ entry, held }) => ({
        ...entry,
        app: appOfHeld(held),
      }));
      for (const held of byKey.values()) {
        if (held.matched) continue;
        const app = appOfHeld(held);
        const kind = groupKindText(held.ref);
        const has = green.kinds.has(kind) || green.served.has(kind);
        const message = `${refText(held.ref)} is on blue, not on green${has ? "" : ` (green has no ${groupKindText(held.ref)} at all)`}`;
        if (held.ignoredBy) {
          listed.push({
            reason: "ignore-rule",
            app,
            object: held.ref,
            field: null,
            blue: "present",
            green: null,
            rule: held.ignoredBy,
            message,
          });
        } else {
          all.push({
            type: "missing-on-green",
            level: "blocking",
            app,
            object: held.ref,
            aspect: null,
            field: null,
            blue: "present",
            green: null,
            message,
          });
        }
      }
      for (const extra of extras) {
        const app = (
          extra.app.via === "namespace" || extra.app.via === "cluster"
            ? (green.inventory.get(extra.key) ?? extra.app)
            : extra.app
        ).id;
        const message = `${refText(extra.ref)} is on green, not on blue`;
        if (extra.ignoredBy) {
          listed.push({
            reason: "ignore-rule",
            app,
            object: extra.ref,
            field: null,
            blue: null,
            green: "present",
            rule: extra.ignoredBy,
            message,
          });
        } else {
          all.push({
            type: "extra-on-green",
            level: "drift",
            app,
            object: extra.ref,
            aspect: null,
            field: null,
            blue: null,
            green: "present",
            message,
          });
        }
      }
      return composeResult({
        items: all,
        expected: listed,
        matched,
        blue: blue.summary(),
        green: green.summary(),
      });
    },
  };
}
