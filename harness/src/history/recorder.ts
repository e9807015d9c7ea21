import type { HistoryEvent } from './events.js';

/** A history event before the recorder stamps its time. */
export type UnstampedEvent = HistoryEvent extends infer E ? (E extends HistoryEvent ? Omit<E, 't'> : never) : never;

/**
 * Appends events to a scenario's history, stamping each with the milliseconds
 * since the recorder was made. Once sealed, further events are dropped (what
 * happens while the harness tears a scenario down is not part of it).
 *
 * @example
 * const recorder = new HistoryRecorder();
 * recorder.record({ type: 'connect', client: 'c0', recovered: false, transport: 'websocket' });
 * recorder.seal();
 * recorder.events; // [{ type: 'connect', t: 0, ... }]
 */
export class HistoryRecorder {
  private readonly startedAt = performance.now();
  private readonly list: HistoryEvent[] = [];
  private sealed = false;

  /** Appends one event, unless the recorder is sealed; returns its index or -1. */
  record(event: UnstampedEvent): number {
    if (this.sealed) return -1;
    const t = Math.round((performance.now() - this.startedAt) * 10) / 10;
    this.list.push({ ...event, t } as HistoryEvent);
    return this.list.length - 1;
  }

  /** Milliseconds since the recorder was made. */
  now(): number {
    return performance.now() - this.startedAt;
  }

  /** Stops recording: later events are dropped. */
  seal(): void {
    this.sealed = true;
  }

  /** The events so far, in order. */
  get events(): readonly HistoryEvent[] {
    return this.list;
  }
}
