// Watches HAProxy's weights from the stage's side (independent of the engine): polls `show servers state`
// every `everyMs` and records each change with the time it was first seen.
import { readWeights } from "./runtime-api.mjs";

/**
 * Starts polling. `onChange(weights, at)` runs for the first reading and every change after it (it may be
 * async; polling waits for it). `changes()` lists { at, blue, green }; `stop()` ends polling.
 */
export function watchWeights(socketPath, { everyMs = 50, onChange = () => {} } = {}) {
  const changes = [];
  let running = true;
  let lastError = null;
  const poll = async () => {
    try {
      const weights = await readWeights(socketPath);
      const last = changes.at(-1);
      if (!last || last.blue !== weights.blue || last.green !== weights.green) {
        const at = Date.now();
        changes.push({ at, ...weights });
        await onChange(weights, at);
      }
    } catch (error) {
      lastError = error;
    }
  };
  const loop = (async () => {
    while (running) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    changes: () => changes.slice(),
    lastError: () => lastError,
    stop: async () => {
      running = false;
      await loop;
      // A last reading: on a busy machine the change made just before stop() may not have been polled yet.
      await poll();
      return changes.slice();
    },
  };
}

/** The first recorded change at or after `from` where `matches(weights)` holds, or undefined. */
export function firstChange(changes, from, matches) {
  return changes.find((change) => change.at >= from && matches(change));
}
