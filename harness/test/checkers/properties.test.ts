import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import type { FinalReadEvent, History, HistoryEvent } from '../../src/history/events.js';
import { buildHistory, historyPlan } from './validHistory.js';

/** Fixed, so a failure replays; fast-check prints the seed and path of any counterexample. */
const SEED = 1212;
const RUNS = 200;

/** A generated valid history. */
const validHistory = historyPlan().map(buildHistory);

/** Indices of the events of a history that match. */
function indicesOf(history: History, match: (e: HistoryEvent) => boolean): number[] {
  const found: number[] = [];
  history.forEach((e, i) => {
    if (match(e)) found.push(i);
  });
  return found;
}

/** The history with the final-read rows in the given order (`order` permutes the rows' positions). */
function withRowsPermuted(history: History, order: readonly number[]): History {
  const rows = indicesOf(history, (e) => e.type === 'final-read');
  const permuted = order.map((k) => history[rows[k]!]!);
  const out = history.slice();
  rows.forEach((at, k) => (out[at] = permuted[k]!));
  return out;
}

/** A history and a pick among `n(history)` things (0 when there are none). */
function withPick(histories: fc.Arbitrary<History>, n: (h: History) => number) {
  return histories.chain((history) => fc.record({ history: fc.constant(history), pick: fc.nat({ max: Math.max(0, n(history) - 1) }) }));
}

/** The messages acknowledged (by the server or locally): an `ok` event names them. */
function ackedRows(history: History): number[] {
  const acked = new Set(history.flatMap((e) => (e.type === 'ok' ? [e.msg] : [])));
  return indicesOf(history, (e) => e.type === 'final-read' && e.msg !== null && acked.has(e.msg));
}

/** Mutations that each inject one anomaly, as a (history) -> history with the anomaly. */
const anomalous: fc.Arbitrary<History> = fc.oneof(
  withPick(validHistory, (h) => ackedRows(h).length)
    .filter(({ history }) => ackedRows(history).length > 0)
    .map(({ history, pick }) => deleteRow(history, ackedRows(history)[pick]!)),
  withPick(validHistory, (h) => indicesOf(h, (e) => e.type === 'final-read').length).map(({ history, pick }) => duplicateRow(history, pick)),
  withPick(validHistory, (h) => serverAcks(h).length)
    .filter(({ history }) => serverAcks(history).length > 0)
    .map(({ history, pick }) => refuse(history, serverAcks(history)[pick]!, 'not allowed')),
  withPick(validHistory, (h) => indicesOf(h, (e) => e.type === 'receive').length).map(({ history, pick }) =>
    dropEvent(history, indicesOf(history, (e) => e.type === 'receive')[pick]!),
  ),
);

/** The messages the server acknowledged: their `ok` events with a server ack. */
function serverAcks(history: History): number[] {
  return indicesOf(history, (e) => e.type === 'ok' && e.ack === 'server');
}

/** The history as a server that refused the message of the `ok` at `at` would leave it: a `reject` in place of the ack, no row. */
function refuse(history: History, at: number, reason: string): History {
  const ok = history[at]!;
  if (ok.type !== 'ok') throw new Error('refuse: the event picked is not an ok');
  const out: History = history.map((e, i) => (i === at ? { type: 'reject', t: ok.t, client: ok.client, msg: ok.msg, attempt: ok.attempt, reason } : e));
  return out.filter((e) => !(e.type === 'final-read' && e.msg === ok.msg));
}

function deleteRow(history: History, row: number): History {
  return dropEvent(history, row);
}

function dropEvent(history: History, at: number): History {
  return [...history.slice(0, at), ...history.slice(at + 1)];
}

/**
 * The history as a server that stored the `pick`-th row's message a second
 * time would leave it: one more row at the next offset, broadcast to (and
 * received by) every client, so that the only thing wrong is the duplicate.
 */
function duplicateRow(history: History, pick: number): History {
  const rows = history.filter((e): e is FinalReadEvent => e.type === 'final-read');
  const copy = rows[pick]!;
  const offset = Math.max(...rows.map((r) => r.offset)) + 1;
  const clients = [...new Set(history.flatMap((e) => (e.type === 'connect' ? [e.client] : [])))];
  const firstRow = history.findIndex((e) => e.type === 'final-read');
  const t = history[firstRow]!.t;
  const receipts: HistoryEvent[] = clients.map((client) => ({ type: 'receive', t, client, offset, content: copy.content }));
  return [...history.slice(0, firstRow), ...receipts, ...history.slice(firstRow), { ...copy, t: copy.t + 1, offset }];
}

/** The `k`-th and `l`-th rows (by offset) of one client's messages, swapped: each row takes the other's message. */
function swapRows(history: History, client: string, k: number, l: number): History {
  const rows = indicesOf(history, (e) => e.type === 'final-read' && e.msg !== null && e.msg.startsWith(`${client}-`));
  const [a, b] = [rows[k]!, rows[l]!];
  const ra = history[a] as FinalReadEvent;
  const rb = history[b] as FinalReadEvent;
  const out = history.slice();
  out[a] = { ...ra, msg: rb.msg, content: rb.content };
  out[b] = { ...rb, msg: ra.msg, content: ra.content };
  return out;
}

/** The clients with at least two stored messages. */
function clientsWithTwoRows(history: History): string[] {
  const count = new Map<string, number>();
  for (const e of history) if (e.type === 'final-read' && e.msg !== null) count.set(e.msg.split('-')[0]!, (count.get(e.msg.split('-')[0]!) ?? 0) + 1);
  return [...count].filter(([, n]) => n >= 2).map(([client]) => client);
}

describe('checkers, by property over generated histories', () => {
  it('a history with no fault and no anomaly injected is valid', () => {
    fc.assert(
      fc.property(validHistory, (history) => {
        const check = checkHistory(history);
        expect(check.anomalies).toEqual([]);
        expect(check.verdict).toBe('valid');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("permuting the store's rows read back never changes a verdict (nor the anomalies' kinds)", () => {
    const histories = fc.oneof(validHistory, anomalous);
    const withOrder = histories.chain((history) =>
      fc.record({
        history: fc.constant(history),
        order: fc.shuffledSubarray(
          Array.from({ length: history.filter((e) => e.type === 'final-read').length }, (_, i) => i),
          { minLength: history.filter((e) => e.type === 'final-read').length },
        ),
      }),
    );
    fc.assert(
      fc.property(withOrder, ({ history, order }) => {
        const before = checkHistory(history);
        const after = checkHistory(withRowsPermuted(history, order));
        expect(after.verdict).toBe(before.verdict);
        const kinds = (c: typeof before) => c.anomalies.map((a) => `${a.kind} ${a.client ?? ''} ${a.msgs.join(',')}`).sort();
        expect(kinds(after)).toEqual(kinds(before));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('deleting one acked row gives exactly one anomaly: lost, naming that message', () => {
    const picked = withPick(validHistory, (h) => ackedRows(h).length).filter(({ history }) => ackedRows(history).length > 0);
    fc.assert(
      fc.property(picked, ({ history, pick }) => {
        const row = ackedRows(history)[pick]!;
        const msg = (history[row] as FinalReadEvent).msg;
        const check = checkHistory(deleteRow(history, row));
        expect(check.anomalies.map((a) => [a.kind, a.msgs])).toEqual([['lost', [msg]]]);
        expect(check.verdict).toBe('invalid');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("a message the server refused instead of storing gives exactly one anomaly: rejected, with the server's reason", () => {
    const picked = withPick(validHistory, (h) => serverAcks(h).length).filter(({ history }) => serverAcks(history).length > 0);
    fc.assert(
      fc.property(picked, fc.string({ minLength: 1 }), ({ history, pick }, reason) => {
        const at = serverAcks(history)[pick]!;
        const msg = (history[at] as { msg: string }).msg;
        const check = checkHistory(refuse(history, at, reason));
        expect(check.anomalies.map((a) => [a.kind, a.msgs, a.reason])).toEqual([['rejected', [msg], reason]]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('duplicating a row gives exactly one anomaly: duplicated, naming that message', () => {
    const picked = withPick(validHistory, (h) => h.filter((e) => e.type === 'final-read').length);
    fc.assert(
      fc.property(picked, ({ history, pick }) => {
        const msg = history.filter((e): e is FinalReadEvent => e.type === 'final-read')[pick]!.msg;
        const check = checkHistory(duplicateRow(history, pick));
        expect(check.anomalies.map((a) => [a.kind, a.msgs])).toEqual([['duplicated', [msg]]]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("swapping two of one client's rows gives reordered, and only reordered, of that client (exactly one for neighbours)", () => {
    const picked = validHistory
      .filter((h) => clientsWithTwoRows(h).length > 0)
      .chain((history) =>
        fc.constantFrom(...clientsWithTwoRows(history)).chain((client) => {
          const n = history.filter((e) => e.type === 'final-read' && e.msg?.startsWith(`${client}-`)).length;
          return fc
            .uniqueArray(fc.nat({ max: n - 1 }), { minLength: 2, maxLength: 2 })
            .map(([x, y]) => ({ history, client, k: Math.min(x!, y!), l: Math.max(x!, y!) }));
        }),
      );
    fc.assert(
      fc.property(picked, ({ history, client, k, l }) => {
        const check = checkHistory(swapRows(history, client, k, l));
        expect(check.anomalies.length).toBeGreaterThan(0);
        for (const a of check.anomalies) expect([a.kind, a.client]).toEqual(['reordered', client]);
        if (l === k + 1) expect(check.anomalies).toHaveLength(1);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a receipt delivered twice gives exactly one duplicated-delivery, whether or not its client is connected at the end', () => {
    const picked = withPick(validHistory, (h) => indicesOf(h, (e) => e.type === 'receive').length).chain((p) =>
      fc.record({ history: fc.constant(p.history), pick: fc.constant(p.pick), leaves: fc.boolean() }),
    );
    fc.assert(
      fc.property(picked, ({ history, pick, leaves }) => {
        const at = indicesOf(history, (e) => e.type === 'receive')[pick]!;
        const twice = history[at]!;
        if (twice.type !== 'receive') throw new Error('picked an event that is not a receive');
        const firstRow = history.findIndex((e) => e.type === 'final-read');
        const leaving: HistoryEvent[] = leaves ? [{ type: 'disconnect', t: twice.t, client: twice.client, reason: 'io client disconnect' }] : [];
        const mutated = [...history.slice(0, at + 1), { ...twice }, ...history.slice(at + 1, firstRow), ...leaving, ...history.slice(firstRow)];
        const check = checkHistory(mutated);
        expect(check.anomalies.map((a) => [a.kind, a.client, a.offsets])).toEqual([['duplicated-delivery', twice.client, [twice.offset]]]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('dropping one receipt of a connected client gives exactly one anomaly: missed, that client, that offset', () => {
    const picked = withPick(validHistory, (h) => indicesOf(h, (e) => e.type === 'receive').length);
    fc.assert(
      fc.property(picked, ({ history, pick }) => {
        const at = indicesOf(history, (e) => e.type === 'receive')[pick]!;
        const dropped = history[at]!;
        if (dropped.type !== 'receive') throw new Error('picked an event that is not a receive');
        const check = checkHistory(dropEvent(history, at));
        expect(check.anomalies.map((a) => [a.kind, a.client, a.offsets])).toEqual([['missed', dropped.client, [dropped.offset]]]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
