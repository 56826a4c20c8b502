import { KnowledgeError } from "../../src/knowledge/errors.js";

/** The KnowledgeError that `load` throws; fails the test when it loads or throws something else. */
export function loadError(load: () => unknown): KnowledgeError {
  try {
    load();
  } catch (error) {
    if (error instanceof KnowledgeError) return error;
    throw error;
  }
  throw new Error("expected a KnowledgeError, but the data loaded");
}
