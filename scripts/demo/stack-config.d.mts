// Types for stack-config.mjs.
export const HAPROXY_BACKEND: string;
export const SIDES: readonly ["blue", "green"];
export const ERROR_RATE_QUERY: string;
export const ERROR_RATE_MAX: number;
export const SCRAPE_INTERVAL_MS: number;
export function forSide(template: string, side: string): string;
export function haproxyConfig(input: {
  ports: { frontend: number; haproxyMetrics: number; blue: number; green: number };
  socketPath: string;
  stateFile: string;
}): string;
export function prometheusConfig(input: {
  ports: { haproxyMetrics: number; blue: number; green: number };
}): string;
