// The choices of `cutover audit`'s --output, apart from the renderers: the CLI's help lists them at start-up.
export const AUDIT_FORMATS = ["table", "json", "yaml", "markdown", "html"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];
