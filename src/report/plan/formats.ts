// The choices of `cutover plan`'s --output, apart from the renderers: the CLI's help lists them at start-up.
export const PLAN_FORMATS = ["table", "json", "yaml", "markdown", "html"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];
