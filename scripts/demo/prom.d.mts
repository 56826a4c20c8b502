// Types for prom.mjs.
export function queryValue(address: string, query: string): Promise<number | null>;
export function countSeries(address: string, query: string): Promise<number>;
