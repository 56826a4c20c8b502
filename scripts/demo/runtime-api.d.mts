// Types for runtime-api.mjs.
import type { Weights } from "../../src/ports/traffic.js";

export function haproxyCommand(socketPath: string, command: string): Promise<string>;
export function readServerStates(
  socketPath: string,
): Promise<Record<string, { weight: number; up: boolean }>>;
export function readWeights(socketPath: string): Promise<Weights>;
export function setWeights(socketPath: string, weights: Weights): Promise<void>;
