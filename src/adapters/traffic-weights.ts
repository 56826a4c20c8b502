// Weight arithmetic shared by the traffic providers. The port speaks percentages (blue + green = 100);
// each provider stores its own scale (HAProxy 0–256, Route 53 0–255, ExternalDNS annotations).
import { type Side, TrafficError, type Weights } from "../ports/traffic.js";

/** Rejects anything but two whole percentages that sum to 100. */
export function assertWeights(provider: string, weights: Weights): void {
  const valid = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100;
  if (!valid(weights.blue) || !valid(weights.green) || weights.blue + weights.green !== 100) {
    throw new TrafficError(
      provider,
      `invalid weights blue=${weights.blue} green=${weights.green}: expected whole percentages 0–100 that sum to 100`,
    );
  }
}

/** Percentages → provider weights out of `max`; green takes the remainder so the two always sum to `max`. */
export function scaleWeights(weights: Weights, max: number): Weights {
  const blue = Math.round((weights.blue * max) / 100);
  return { blue, green: max - blue };
}

/** Provider weights → percentages of traffic; undefined when both are 0 (each provider defines that case). */
export function percentagesOf(raw: Weights): Weights | undefined {
  const total = raw.blue + raw.green;
  if (total <= 0) return undefined;
  const blue = Math.round((raw.blue * 100) / total);
  return { blue, green: 100 - blue };
}

export const sameWeights = (a: Weights, b: Weights) => a.blue === b.blue && a.green === b.green;

export const formatWeights = (w: Weights) => `blue ${w.blue} / green ${w.green}`;

/**
 * The order in which to change two sides that cannot change together: the side that gains weight first,
 * so capacity is added before it is taken away and the pair never passes through 0/0.
 */
export function gainingSideFirst(current: Weights, target: Weights): [Side, Side] {
  return target.green > current.green ? ["green", "blue"] : ["blue", "green"];
}
