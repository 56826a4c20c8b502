// The choices of `cutover compare`'s --output, apart from the renderers: the CLI's help lists them at start-up.
export const COMPARE_FORMATS = ["table", "json", "yaml", "markdown"] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];
