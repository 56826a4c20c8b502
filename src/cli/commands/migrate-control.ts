// `cutover migrate approve|pause|rollback|abort NAME`: each writes one command event to the log; the
// driver that holds the lease folds it in within its poll interval (1 s). Rollback is the exception when
// no driver runs: waiting for someone to `resume` would leave green carrying traffic, so this command takes
// the lease and performs the rollback itself (blue 100, effective, read back), in the foreground.

import { runMigration } from "../../app/migrate/driver.js";
import { MigrationError } from "../../app/migrate/errors.js";
import { holderName, LeaseHeldError } from "../../app/migrate/lease.js";
import { openMigrationStore, type StoreFlags } from "../../app/migrate/open-store.js";
import { loadMigration, requestCommand } from "../../app/migrate/requests.js";
import { driverOptions } from "../../app/migrate/wiring.js";
import { commandProblem } from "../../core/migrate/commands.js";
import { describeWeights } from "../../core/migrate/state.js";
import type { MigrationEvent, StateStore } from "../../ports/store.js";
import { renderJson, specSteps, toCommandContract } from "../../report/migrate/json.js";
import type { Terminal } from "../io.js";
import { closingLine, interruptOnSignals, stopExitCode } from "./migrate-outcome.js";
import { progressReporter } from "./migrate-progress.js";
import { storedSpec } from "./migrate-validate.js";

export type ControlCommand = "approve" | "pause" | "rollback" | "abort";

export interface ControlFlags extends StoreFlags {
  output: "table" | "json";
  reason?: string;
}

export async function controlMigration(
  command: ControlCommand,
  name: string,
  flags: ControlFlags,
  terminal: Terminal,
): Promise<number> {
  const store = await openMigrationStore(flags, {
    create: false,
    warn: (message) => terminal.err(`warning: ${message}`),
  });
  try {
    if (command === "rollback") return await rollback(name, flags, terminal, store);
    const options = flags.reason ? { reason: flags.reason } : {};
    const { event } = await requestCommand(store, name, command, holderName(), options);
    await report(terminal, flags, store, command, event, null, confirmation(command, name, event));
    return 0;
  } finally {
    await store.close();
  }
}

function confirmation(command: ControlCommand, name: string, event: MigrationEvent): string {
  const recorded = `(event #${event.seq})`;
  switch (command) {
    case "approve":
      return `approved step ${Number(event.data.step) + 1} of ${name} ${recorded}. The running driver goes on within a second; if none runs, \`cutover migrate resume ${name}\` does.`;
    case "pause":
      return `paused ${name} ${recorded}: no further traffic shift until \`cutover migrate resume ${name}\`; measuring and automatic rollback go on.`;
    case "abort":
      return `aborted ${name} ${recorded}: the traffic is left as it is; set it by hand or start a new migration.`;
    case "rollback":
      return `rollback of ${name} requested ${recorded}.`;
  }
}

async function rollback(
  name: string,
  flags: ControlFlags,
  terminal: Terminal,
  store: StateStore,
): Promise<number> {
  const { stored, state } = await loadMigration(store, name);
  const problem = commandProblem(state, "rollback");
  if (problem) throw new MigrationError("command-refused", problem);
  const holder = holderName();
  const options = flags.reason ? { reason: flags.reason } : {};
  const progress = progressReporter(terminal, specSteps(stored.spec), flags.output === "json");
  const { event } = await requestCommand(store, name, "rollback", holder, options);
  const interrupt = interruptOnSignals(progress.note);
  try {
    const driver = await driverOptions(storedSpec(name, stored.spec), store, holder, {
      onEvent: progress.onEvent,
      onAction: progress.onAction,
      onNotice: progress.note,
      onLeaseTaken: () =>
        progress.note(
          `no driver runs ${name}: performing the rollback here (from ${describeWeights(state.weights.applied)})`,
        ),
      signal: interrupt.signal,
    });
    const result = await runMigration(driver);
    await report(terminal, flags, store, "rollback", event, null, closingLine(name, result));
    return result.stopped === "rolled-back" ? 0 : stopExitCode(result.stopped);
  } catch (error) {
    if (!(error instanceof LeaseHeldError)) throw error;
    const { holder: driving } = error.heldBy;
    const text = `rollback of ${name} requested (event #${event.seq}); ${driving}, which drives it, sets blue 100 within a second. Follow it with \`cutover migrate status ${name}\`.`;
    await report(terminal, flags, store, "rollback", event, driving, text);
    return 0;
  } finally {
    interrupt.dispose();
  }
}

async function report(
  terminal: Terminal,
  flags: ControlFlags,
  store: StateStore,
  command: ControlCommand,
  event: MigrationEvent,
  performedBy: string | null,
  text: string,
): Promise<void> {
  if (flags.output === "table") {
    terminal.out(text);
    return;
  }
  const view = await loadMigration(store, event.migration);
  terminal.out(renderJson(toCommandContract(command, event, performedBy, view)));
}
