import { CutoverError } from "../core/errors.js";

/** A knowledge data file (or an --extra-data file) that cannot be used. The message says where and why. */
export class KnowledgeError extends CutoverError {
  override readonly name = "KnowledgeError";
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}
