import type { History, HistoryEvent } from '../../src/history/events.js';
import type { UnstampedEvent } from '../../src/history/recorder.js';

/**
 * Writes hand-made histories for checker tests. Each method appends one event
 * and returns its index (or, for `send`, the new message's client offset).
 * The clock moves 10 ms per event unless `at()` sets it.
 *
 * @example
 * const h = new HistoryBuilder();
 * const m = h.send('c0', 'hello'); // invoke c0-1, attempt 1
 * h.ok(m);
 * h.store(m);                      // final-read row, offset 1
 * checkDelivery(buildView(h.build()));
 */
export class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private clock = 0;
  private readonly seqs = new Map<string, number>();
  private readonly messages = new Map<string, { client: string; seq: number; content: string; attempts: number }>();
  private nextOffset = 1;
  private nextFault = 1;

  /** Set the clock (milliseconds) for the next event. */
  at(t: number): this {
    this.clock = t;
    return this;
  }

  /** Index of the last event appended. */
  get last(): number {
    return this.events.length - 1;
  }

  /** Append any event as is (its `t` included); returns its index. */
  push(e: HistoryEvent): number {
    this.events.push(e);
    this.clock += 10;
    return this.events.length - 1;
  }

  private message(msg: string): { client: string; seq: number; content: string; attempts: number } {
    const m = this.messages.get(msg);
    if (m === undefined) throw new Error(`HistoryBuilder: ${msg} was never sent; call send() first`);
    return m;
  }

  /** First attempt of a new message of `client`; returns its client offset `<client>-<seq>`. */
  send(client: string, content: string): string {
    const seq = (this.seqs.get(client) ?? 0) + 1;
    this.seqs.set(client, seq);
    const msg = `${client}-${seq}`;
    this.messages.set(msg, { client, seq, content, attempts: 1 });
    this.push({ type: 'invoke', t: this.clock, client, msg, seq, content, attempt: 1 });
    return msg;
  }

  /** Another attempt of `msg`. */
  retry(msg: string): number {
    const m = this.message(msg);
    m.attempts++;
    return this.push({ type: 'invoke', t: this.clock, client: m.client, msg, seq: m.seq, content: m.content, attempt: m.attempts });
  }

  /** An ack of `msg` (of its latest attempt unless `attempt` is given). */
  ok(msg: string, ack: 'server' | 'local' = 'server', attempt?: number): number {
    const m = this.message(msg);
    return this.push({ type: 'ok', t: this.clock, client: m.client, msg, attempt: attempt ?? m.attempts, ack });
  }

  /** An unknown outcome of the latest attempt of `msg`. */
  info(msg: string, reason = 'ack timeout'): number {
    const m = this.message(msg);
    return this.push({ type: 'info', t: this.clock, client: m.client, msg, attempt: m.attempts, reason });
  }

  /** The client gives up on `msg`. */
  fail(msg: string, reason = 'retries exhausted'): number {
    const m = this.message(msg);
    return this.push({ type: 'fail', t: this.clock, client: m.client, msg, attempt: m.attempts, reason });
  }

  /** The server refuses the latest attempt of `msg` (a negative ack), giving `reason`. */
  reject(msg: string, reason = 'message refused'): number {
    const m = this.message(msg);
    return this.push({ type: 'reject', t: this.clock, client: m.client, msg, attempt: m.attempts, reason });
  }

  connect(client: string, recovered = false): number {
    return this.push({ type: 'connect', t: this.clock, client, recovered, transport: 'websocket' });
  }

  disconnect(client: string, reason = 'transport close'): number {
    return this.push({ type: 'disconnect', t: this.clock, client, reason });
  }

  /** A fault starts; returns its event index (its id is 1, 2, ... in order). */
  faultStart(fault: string, clients: string[] = []): number {
    const id = this.nextFault++;
    return this.push({ type: 'fault-start', t: this.clock, id, fault, params: {}, clients, description: fault });
  }

  faultEnd(id: number, fault: string): number {
    return this.push({ type: 'fault-end', t: this.clock, id, fault });
  }

  /** `client` receives the broadcast of `offset`. */
  receive(client: string, offset: number, content = `row ${offset}`): number {
    return this.push({ type: 'receive', t: this.clock, client, offset, content });
  }

  /** What `client`'s page shows (`final`: the read at the end). */
  pageView(client: string, items: string[], final = true): number {
    return this.push({ type: 'page-view', t: this.clock, client, items, ...(final ? { final } : {}) });
  }

  /** A final-read row for `msg` (null: a row without client offset) at the next offset, or at `offset`. */
  store(msg: string | null, offset = this.nextOffset, content?: string): number {
    this.nextOffset = Math.max(this.nextOffset, offset + 1);
    const text = content ?? (msg !== null ? this.messages.get(msg)?.content : undefined) ?? `row ${offset}`;
    return this.push({ type: 'final-read', t: this.clock, offset, msg, content: text });
  }

  /** A final-read row of a store that keeps no client identity: only its text, matched to a message by content. */
  storeText(content: string, offset = this.nextOffset): number {
    this.nextOffset = Math.max(this.nextOffset, offset + 1);
    return this.push({ type: 'final-read', t: this.clock, offset, msg: null, content, match: 'content' });
  }

  /** The final phase's `healed` event: every fault healed, the target up. */
  healed(): number {
    return this.push({ type: 'healed', t: this.clock });
  }

  /** Any other event (a target exit, a probe), stamped with the clock. */
  add(event: UnstampedEvent): number {
    return this.push({ ...event, t: this.clock } as HistoryEvent);
  }

  build(): History {
    return [...this.events];
  }
}
