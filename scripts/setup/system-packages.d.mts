// Types for system-packages.mjs.
export type Component = "haproxy" | "prometheus" | "postgresql";

export interface SystemFacts {
  platform: string;
  uid: number;
  has: { "apt-get": boolean; sudo: boolean; brew: boolean };
  isTTY: boolean;
  yes: boolean;
  env: Record<string, string | undefined>;
}

export interface InstallPlan {
  manager?: "apt-get" | "brew" | null;
  packages?: string[];
  commands?: string[][];
  sudo?: boolean;
  ask?: boolean;
  error?: string;
}

export const COMPONENTS: Record<Component, { binaries: string[]; apt: string; brew: string; usedBy: string }>;
export const DEMO_NEEDS: Component[];
export const TEST_NEEDS: Component[];
export function isCi(env: Record<string, string | undefined>): boolean;
export function installPlan(missing: Component[], system: SystemFacts): InstallPlan;
export function shellLine(argv: string[]): string;
export function missingPackageMessage(component: Component, platform?: string): string;
export function missingComponents(components: Component[], searchPath?: string): Component[];
export function probeSystem(options?: {
  yes?: boolean;
  env?: Record<string, string | undefined>;
}): SystemFacts;
export function runCommands(
  commands: string[][],
  run?: (
    command: string,
    args: string[],
    options: object,
  ) => { error?: Error; status: number | null; signal?: string | null },
): string | null;
export function ensureComponents(
  components: Component[],
  options?: { yes?: boolean; log?: (line: string) => void; confirm?: (question: string) => Promise<boolean> },
): Promise<string | null>;
