// The driver's view of one migration in the store: the state folded from the log, recording our events
// (event and state in one store transaction), folding in events other processes wrote (commands), and the
// lease heartbeat.
import { apply, replay } from "../../core/migrate/apply.js";
import type { NewEvent } from "../../core/migrate/events.js";
import type { MigrationState } from "../../core/migrate/state.js";
import type { MigrationEvent, StateStore } from "../../ports/store.js";

export type EventListener = (event: MigrationEvent, state: MigrationState) => void;

export class Session {
  constructor(
    private readonly store: StateStore,
    readonly name: string,
    public state: MigrationState,
    private readonly onEvent?: EventListener,
  ) {}

  static async load(store: StateStore, name: string, onEvent?: EventListener): Promise<Session> {
    return new Session(store, name, replay(name, await store.events(name)), onEvent);
  }

  /** Appends `event` with the state it produces. If others wrote in between, the state is rebuilt from the log. */
  async record(event: NewEvent): Promise<MigrationEvent> {
    const expectedSeq = this.state.lastSeq + 1;
    const next = apply(this.state, {
      seq: expectedSeq,
      type: event.type,
      data: event.data as Record<string, unknown>,
    });
    const stored = await this.store.record(
      this.name,
      event as { type: string; data: Record<string, unknown> },
      next,
      next.phase,
    );
    if (stored.seq === expectedSeq) {
      this.state = next;
      this.onEvent?.(stored, this.state);
    } else {
      const foreign = await this.store.events(this.name, this.state.lastSeq);
      this.state = replay(this.name, await this.store.events(this.name));
      for (const other of foreign) this.onEvent?.(other, this.state);
    }
    return stored;
  }

  /** Folds in events written by other processes since the last one we know (approve, pause, rollback…). */
  async poll(): Promise<void> {
    const events = await this.store.events(this.name, this.state.lastSeq);
    for (const event of events) {
      this.state = apply(this.state, event);
      this.onEvent?.(event, this.state);
    }
  }
}

/**
 * Renews the lease every ttl/3 of real time (a long hook or provider wait must not lose it). `lost()` is
 * true once another holder took it: the driver then stops before its next change.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout;
  private lostTo: string | null = null;

  constructor(store: StateStore, name: string, holder: string, ttlMs: number) {
    let renewedAt = Date.now();
    this.timer = setInterval(
      () => {
        store.renewLease(name, holder, ttlMs).then(
          (renewed) => {
            if (renewed) renewedAt = Date.now();
            else this.lostTo ??= "another driver took it after it expired";
          },
          (error: unknown) => {
            // A failed renewal is only fatal once the lease has run out: until then it is still ours.
            if (Date.now() - renewedAt < ttlMs) return;
            this.lostTo ??= `it expired while renewing failed (${error instanceof Error ? error.message : String(error)})`;
          },
        );
      },
      Math.max(1, Math.floor(ttlMs / 3)),
    );
    this.timer.unref();
  }

  lost(): string | null {
    return this.lostTo;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
