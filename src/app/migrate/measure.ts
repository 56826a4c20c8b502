// Running one measurement round: every query of the plan, green and blue, in parallel, through one
// MetricProvider per backend. Providers never throw by contract; a throw is still turned into an error.
import { messageOf } from "../../core/errors.js";
import type { MeasurePlan, MetricBackend, RoundAnswers } from "../../core/migrate/measure-plan.js";
import type { MetricProvider, MetricResult } from "../../ports/metrics.js";

/** The provider for a backend; the same backend always gets the same provider. */
export type MetricSource = (backend: MetricBackend) => MetricProvider;

/** Wraps a factory so that each distinct backend is built once. */
export function cachedMetricSource(factory: (backend: MetricBackend) => MetricProvider): MetricSource {
  const providers = new Map<string, MetricProvider>();
  return (backend) => {
    const key = JSON.stringify(backend);
    let provider = providers.get(key);
    if (!provider) {
      provider = factory(backend);
      providers.set(key, provider);
    }
    return provider;
  };
}

async function ask(provider: MetricProvider, query: string, signal?: AbortSignal): Promise<MetricResult> {
  try {
    return await provider.query(query, signal);
  } catch (error) {
    return { kind: "error", message: messageOf(error) };
  }
}

export async function runRound(
  plan: MeasurePlan,
  metrics: MetricSource,
  signal?: AbortSignal,
): Promise<RoundAnswers> {
  const answers: RoundAnswers = { metrics: {}, minSamples: null };
  const pending = plan.queries.map(async (query) => {
    const provider = metrics(query.backend);
    const [green, blue] = await Promise.all([
      ask(provider, query.green, signal),
      query.blue === null ? null : ask(provider, query.blue, signal),
    ]);
    answers.metrics[query.metric] = { green, blue };
  });
  const sample = plan.minSamples;
  const samplePending = sample ? ask(metrics(sample.backend), sample.green, signal) : Promise.resolve(null);
  const [minSamples] = await Promise.all([samplePending, ...pending]);
  answers.minSamples = minSamples ?? null;
  return answers;
}
