import fc from 'fast-check';
import type { History, HistoryEvent } from '../../src/history/events.js';
import type { UnstampedEvent as Unstamped } from '../../src/history/recorder.js';

/**
 * How one message ends, as its client saw it. Every message is stored exactly
 * once, so each of these is valid: `ok` (a server ack), `ok-local` (an
 * at-most-once emit returning), `info` (the last attempt's ack timed out:
 * recovered) or `fail` (the client gave up: recovered, since it was stored).
 */
export type MessageEnd = 'ok' | 'ok-local' | 'info' | 'fail';

/** One message of a plan: how many attempts timed out before the last one, and how the last one ended. */
export interface MessagePlan {
  retries: number;
  end: MessageEnd;
  /** The client drops and reconnects before sending it. */
  reconnectBefore: boolean;
}

/**
 * A valid scenario, as a plan: per client its messages; and three schedules,
 * the interleavings of the clients' sends, of the store's rows (each client's
 * rows stay in its send order) and of the broadcasts received.
 */
export interface HistoryPlan {
  clients: MessagePlan[][];
  sendSchedule: number[];
  storeSchedule: number[];
  receiveSchedule: number[];
}

const messagePlan: fc.Arbitrary<MessagePlan> = fc.record({
  retries: fc.nat({ max: 2 }),
  end: fc.constantFrom<MessageEnd>('ok', 'ok', 'ok', 'ok-local', 'info', 'fail'),
  reconnectBefore: fc.constantFrom(false, false, false, true),
});

/**
 * Plans of valid histories: 1 to 4 clients, 0 to 6 messages each (at least
 * one message in all), retries, every kind of outcome, reconnects.
 *
 * @example
 * fc.assert(fc.property(historyPlan(), (plan) => checkHistory(buildHistory(plan)).verdict === 'valid'));
 */
export function historyPlan(): fc.Arbitrary<HistoryPlan> {
  return fc
    .record({
      clients: fc.array(fc.array(messagePlan, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
      sendSchedule: fc.array(fc.nat({ max: 3 }), { maxLength: 80 }),
      storeSchedule: fc.array(fc.nat({ max: 3 }), { maxLength: 30 }),
      receiveSchedule: fc.array(fc.nat({ max: 3 }), { maxLength: 120 }),
    })
    .filter((plan) => plan.clients.some((messages) => messages.length > 0));
}

/** Takes from `queues` in the order `schedule` names them (modulo their count), then whatever is left, queue by queue. */
function interleave<T>(queues: T[][], schedule: readonly number[]): T[] {
  const heads = queues.map(() => 0);
  const out: T[] = [];
  for (const pick of schedule) {
    const q = pick % queues.length;
    if (heads[q]! < queues[q]!.length) out.push(queues[q]![heads[q]!++]!);
  }
  queues.forEach((queue, q) => out.push(...queue.slice(heads[q])));
  return out;
}

/**
 * The history of a plan, as a correct server and honest clients would leave
 * it: every client connects; sends each message (timed-out attempts are an
 * `info` then a re-sent `invoke`), dropping and reconnecting where the plan
 * says; every message is stored once, each client's in its send order; every
 * client, connected at the end, receives every stored offset once, in order;
 * the final read returns the rows in offset order. Events are 10 ms apart.
 *
 * @example
 * const history = buildHistory(fc.sample(historyPlan(), 1)[0]!);
 */
export function buildHistory(plan: HistoryPlan): History {
  const names = plan.clients.map((_, i) => `c${i}`);
  const sends: Unstamped[][] = plan.clients.map((messages, c) => {
    const client = names[c]!;
    const events: Unstamped[] = [{ type: 'connect', client, recovered: false, transport: 'websocket' }];
    messages.forEach((m, i) => {
      const msg = `${client}-${i + 1}`;
      const content = `text ${client} ${i + 1}`;
      if (m.reconnectBefore) {
        events.push({ type: 'disconnect', client, reason: 'transport close' });
        events.push({ type: 'connect', client, recovered: false, transport: 'websocket' });
      }
      for (let attempt = 1; attempt <= m.retries + 1; attempt++) {
        events.push({ type: 'invoke', client, msg, seq: i + 1, content, attempt });
        if (attempt <= m.retries) events.push({ type: 'info', client, msg, attempt, reason: 'ack timed out' });
      }
      const attempt = m.retries + 1;
      if (m.end === 'ok') events.push({ type: 'ok', client, msg, attempt, ack: 'server' });
      else if (m.end === 'ok-local') events.push({ type: 'ok', client, msg, attempt, ack: 'local' });
      else if (m.end === 'info') events.push({ type: 'info', client, msg, attempt, reason: 'ack timed out' });
      else {
        events.push({ type: 'info', client, msg, attempt, reason: 'ack timed out' });
        events.push({ type: 'fail', client, msg, attempt, reason: `gave up after ${attempt} attempts` });
      }
    });
    return events;
  });

  const stored = interleave(
    plan.clients.map((messages, c) => messages.map((_, i) => ({ msg: `${names[c]}-${i + 1}`, content: `text ${names[c]} ${i + 1}` }))),
    plan.storeSchedule,
  ).map((row, i) => ({ ...row, offset: i + 1 }));

  const receipts: Unstamped[][] = names.map((client) =>
    stored.map((row): Unstamped => ({ type: 'receive', client, offset: row.offset, content: row.content })),
  );

  const events: Unstamped[] = [
    ...interleave(sends, plan.sendSchedule),
    ...interleave(receipts, plan.receiveSchedule),
    ...stored.map((row): Unstamped => ({ type: 'final-read', offset: row.offset, msg: row.msg, content: row.content })),
  ];
  return events.map((e, i) => ({ ...e, t: i * 10 }) as HistoryEvent);
}
