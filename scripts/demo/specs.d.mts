// Types for specs.mjs.
import type { Stage } from "./stack.mjs";

export type SpecValues = Record<string, string>;
export const SPEC_TEMPLATES: { rollback: string; cutover: string };
export function specValues(stage: Stage, options: { freezeMarker: string }): SpecValues;
export function renderSpec(text: string, values: SpecValues, file?: string): string;
export function writeSpec(name: "rollback" | "cutover", values: SpecValues, outDir: string): string;
export function analysisIntervalMs(name: "rollback" | "cutover"): number;
