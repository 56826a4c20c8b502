// The driver's view of one migration in the store: the state folded from the log, recording our events
// (event and state in one store transaction), and folding in events other processes wrote (commands).
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
