// Bounded concurrency with backpressure for reading a cluster: at most `limit` inputs are worked on at
// once, and each worker waits until its last value was taken before producing the next, so at most
// `limit` values (list pages) wait in memory however large the cluster is.

/**
 * Runs `work` on every input, at most `limit` at a time, and yields the values of all of them as they
 * come. The first error thrown by a worker stops the others and is thrown to the consumer.
 */
export async function* mergeBounded<T, R>(
  inputs: readonly T[],
  limit: number,
  work: (input: T) => AsyncIterable<R>,
): AsyncGenerator<R> {
  const ready: { value: R; taken: () => void }[] = [];
  let wakeConsumer: (() => void) | undefined;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let next = 0;
  let running = Math.min(Math.max(1, Math.floor(limit)), inputs.length);

  const signal = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const hand = (value: R) =>
    new Promise<void>((taken) => {
      ready.push({ value, taken });
      signal();
    });
  const worker = async () => {
    try {
      while (!stopped && next < inputs.length) {
        const input = inputs[next++] as T;
        for await (const value of work(input)) {
          if (stopped) return;
          await hand(value);
        }
      }
    } catch (error) {
      failure ??= { error };
      stopped = true;
    } finally {
      running--;
      signal();
    }
  };

  for (let i = 0; i < running; i++) void worker();
  try {
    while (true) {
      if (failure) throw failure.error;
      const entry = ready.shift();
      if (entry) {
        // Taken now, so the worker fetches its next value while the consumer handles this one.
        entry.taken();
        yield entry.value;
      } else if (running === 0) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    }
  } finally {
    stopped = true;
    for (const entry of ready.splice(0)) entry.taken();
  }
}
