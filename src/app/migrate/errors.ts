// Errors of the migration driver that a person must act on. All exit 2 (cli/main.ts maps every error
// through core/errors.ts exitCodeOf); `code` says which rule refused, for tests and the JSON output.
import { CutoverError } from "../../core/errors.js";

export type MigrationErrorCode =
  | "not-found"
  | "lease-lost"
  | "spec-changed"
  | "spec-invalid"
  | "command-refused";

export class MigrationError extends CutoverError {
  override name = "MigrationError";
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
