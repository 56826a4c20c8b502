// Errors of the migration driver that a person must act on; `code` lets the CLI choose the exit code.

export type MigrationErrorCode =
  | "not-found"
  | "lease-held"
  | "lease-lost"
  | "spec-changed"
  | "spec-invalid"
  | "command-refused";

export class MigrationError extends Error {
  override readonly name = "MigrationError";
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
