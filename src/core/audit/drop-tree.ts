// The defaulted fields of a kind as a tree of their paths, so one walk over an object applies all of them:
// the ~60 pod-template defaults share `spec.template.spec.containers[]` and are not walked 60 times.

import type { DefaultedField, DropRule } from "./default-types.js";
import { deepEqual, isMap, type JsonMap } from "./json-values.js";

interface DropTree {
  /** Rules for the value at this key: it is dropped when one matches. */
  leaf: DropRule[];
  /** Rules for the elements of the list at this key (a path ending in `[]`): matching ones are dropped. */
  elements: DropRule[];
  /** Sub-trees for the keys of the map at this key. */
  keys: Map<string, DropTree>;
  /** Sub-tree for every element of the list at this key (`[]` inside a path). */
  each?: DropTree;
}

const emptyTree = (): DropTree => ({ leaf: [], elements: [], keys: new Map() });
const TREES = new WeakMap<readonly DefaultedField[], DropTree>();

/** The tree of `fields` (paths already split into segments by `split`), built once per list. */
export function dropTreeOf(fields: readonly DefaultedField[], split: (path: string) => string[]): DropTree {
  const cached = TREES.get(fields);
  if (cached) return cached;
  const root = emptyTree();
  for (const field of fields) {
    const segments = split(field.path);
    let node = root;
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      if (segment === "[]") {
        if (last) {
          node.elements.push(field.drop);
          break;
        }
        node.each ??= emptyTree();
        node = node.each;
        continue;
      }
      const next = node.keys.get(segment) ?? emptyTree();
      node.keys.set(segment, next);
      if (last) next.leaf.push(field.drop);
      node = next;
    }
  }
  TREES.set(fields, root);
  return root;
}

/**
 * Drops what the tree's rules match inside `value`, and maps and lists left empty by that; returns
 * whether anything was dropped. Values that were empty before are kept (`emptyDir: {}` means something).
 */
export function applyDropTree(value: unknown, tree: DropTree): boolean {
  let dropped = false;
  if (Array.isArray(value) && tree.each) {
    for (const element of value) dropped = applyDropTree(element, tree.each) || dropped;
  }
  if (!isMap(value)) return dropped;
  for (const [key, sub] of tree.keys) {
    if (!(key in value)) continue;
    let changed = applyDropTree(value[key], sub);
    const child = value[key];
    if (sub.elements.length > 0 && Array.isArray(child)) {
      const kept = child.filter((element) => !sub.elements.some((rule) => matches(rule, element, value)));
      if (kept.length !== child.length) {
        value[key] = kept;
        changed = true;
      }
    }
    if (sub.leaf.some((rule) => matches(rule, value[key], value))) {
      delete value[key];
      dropped = true;
      continue;
    }
    if (changed && isEmpty(value[key])) delete value[key];
    dropped = dropped || changed;
  }
  return dropped;
}

function matches(rule: DropRule, value: unknown, parent: JsonMap): boolean {
  return typeof rule === "function" ? Boolean(rule(value, parent)) : deepEqual(value, rule);
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isMap(value) && Object.keys(value).length === 0;
}
