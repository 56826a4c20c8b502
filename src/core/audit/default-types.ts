// The shape of a defaulted field: what the desired-state diff strips from both sides before comparing.

/** A JSON value a default is compared with (deep equality). */
export type DefaultValue =
  | string
  | number
  | boolean
  | readonly DefaultValue[]
  | { readonly [key: string]: DefaultValue };

export type DropRule = DefaultValue | ((value: unknown, parent: Record<string, unknown>) => boolean);

export interface DefaultedField {
  path: string;
  drop: DropRule;
}

/** The kind as `Kind.group` (core kinds without a group), kubectl's notation: "Deployment.apps", "Service". */
export type GroupKind = string;
