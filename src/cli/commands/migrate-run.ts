// `cutover migrate start SPEC` and `resume NAME`: the driver in the foreground with a progress line per
// event, until the migration completes, rolls back, is aborted, needs a person, or Ctrl-C stops it.
// --dry-run runs the read-only preflight and lists every change a run would make; it takes no lease and
// records nothing (the store is wrapped so that a write would fail) and calls no provider setter.

import { runMigration } from "../../app/migrate/driver.js";
import { MigrationError } from "../../app/migrate/errors.js";
import { holderName, LeaseHeldError } from "../../app/migrate/lease.js";
import { openMigrationStore, readOnly, type StoreFlags } from "../../app/migrate/open-store.js";
import { loadMigration, requestCommand } from "../../app/migrate/requests.js";
import { driverOptions } from "../../app/migrate/wiring.js";
import { messageOf, UsageError } from "../../core/errors.js";
import type { MigrationSpec } from "../../core/migrate/spec.js";
import { isTerminal, type Phase } from "../../core/migrate/state.js";
import type { StateStore } from "../../ports/store.js";
import { renderJson, specSteps, toRunContract, toValidationContract } from "../../report/migrate/json.js";
import { renderDryRun } from "../../report/migrate/table.js";
import type { Terminal } from "../io.js";
import { interruptOnSignals, reportRun, stopExitCode } from "./migrate-outcome.js";
import { type Progress, progressReporter } from "./migrate-progress.js";
import { loadSpecFile, specErrorsText, storedSpec } from "./migrate-validate.js";

export interface RunFlags extends StoreFlags {
  output: "table" | "json";
  dryRun?: boolean;
  /** Start even when preflight.compare finds green not at parity (recorded in the event log). */
  force?: boolean;
}

export async function startMigration(file: string, flags: RunFlags, terminal: Terminal): Promise<number> {
  const loaded = loadSpecFile(file);
  if ("errors" in loaded) {
    if (flags.output === "json") terminal.out(renderJson(toValidationContract(file, loaded)));
    else terminal.err(specErrorsText(file, loaded.errors));
    return 2;
  }
  const spec = loaded.spec;
  const name = spec.metadata.name;
  const store = await openMigrationStore(flags, {
    create: !flags.dryRun,
    warn: (message) => terminal.err(`warning: ${message}`),
  });
  try {
    if (flags.dryRun) return await dryRun(spec, store, flags, terminal);
    const existing = await store.get(name);
    if (existing && isTerminal(existing.phase as Phase)) {
      throw new UsageError(
        `${name} is already ${existing.phase} in this store; a new attempt needs another metadata.name (see \`cutover migrate history ${name}\`)`,
      );
    }
    const progress = progressReporter(terminal, specSteps(spec), flags.output === "json");
    if (existing) progress.note(`${name} exists (phase ${existing.phase}): continuing it, as resume would`);
    return await drive(spec, store, flags, terminal, progress, false);
  } finally {
    await store.close();
  }
}

export async function resumeMigration(name: string, flags: RunFlags, terminal: Terminal): Promise<number> {
  const store = await openMigrationStore(flags, {
    create: false,
    warn: (message) => terminal.err(`warning: ${message}`),
  });
  try {
    const { stored } = await loadMigration(store, name);
    const spec = storedSpec(name, stored.spec);
    if (flags.dryRun) return await dryRun(spec, store, flags, terminal);
    const progress = progressReporter(terminal, specSteps(spec), flags.output === "json");
    return await drive(spec, store, flags, terminal, progress, true);
  } finally {
    await store.close();
  }
}

/**
 * Runs the driver (which takes the lease, and on resume lifts a pause or block) and reports. A `resume` of
 * a paused migration whose driver still runs elsewhere only lifts the pause for that driver.
 */
async function drive(
  spec: MigrationSpec,
  store: StateStore,
  flags: RunFlags,
  terminal: Terminal,
  progress: Progress,
  resume: boolean,
): Promise<number> {
  const name = spec.metadata.name;
  const holder = holderName();
  const interrupt = interruptOnSignals(progress.note);
  try {
    const options = await driverOptions(spec, store, holder, {
      onEvent: progress.onEvent,
      onAction: progress.onAction,
      onNotice: progress.note,
      signal: interrupt.signal,
      resume,
      ...(flags.force && { forceParity: true }),
    });
    const result = await runMigration(options);
    return await reportRun(terminal, flags.output, store, name, result);
  } catch (error) {
    if (error instanceof LeaseHeldError) {
      if (resume && (await loadMigration(store, name)).state.paused) {
        await requestCommand(store, name, "resume", holder);
        terminal.out(`${name} resumed: ${error.heldBy.holder}, which drives it, goes on within a second.`);
        return 0;
      }
      throw error;
    }
    if (interrupt.signal.aborted) {
      const { state } = await loadMigration(store, name);
      return reportRun(terminal, flags.output, store, name, {
        stopped: "interrupted",
        reason: "interrupted",
        state,
      });
    }
    if (error instanceof MigrationError && error.code !== "lease-lost") throw error;
    terminal.err(
      `error: ${messageOf(error)}\nThe state is kept: fix the cause, then run \`cutover migrate resume ${name}\`.`,
    );
    return 2;
  } finally {
    interrupt.dispose();
  }
}

async function dryRun(
  spec: MigrationSpec,
  store: StateStore,
  flags: RunFlags,
  terminal: Terminal,
): Promise<number> {
  const options = await driverOptions(spec, readOnly(store), holderName(), { dryRun: true });
  const result = await runMigration(options);
  const exitCode = stopExitCode("dry-run", result.preflightIssues.length);
  const contract = toRunContract({
    name: spec.metadata.name,
    stopped: "dry-run",
    reason: result.reason,
    exitCode,
    view: null,
    dryRun: { changes: result.changes, preflightIssues: result.preflightIssues },
  });
  terminal.out(
    flags.output === "json" ? renderJson(contract) : renderDryRun(contract, options.traffic.describe()),
  );
  return exitCode;
}
