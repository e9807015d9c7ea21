import type { FinalReadEvent, ReceiveEvent } from '../history/events.js';
import type { ClientView, HistoryView } from '../view/HistoryView.js';
import { anomaly, type Anomaly, type CheckResult, type Checker } from './Checker.js';
import { formatTime, listSome, plural, quote } from './describe.js';
import { judgePageViews } from './pageView.js';
import { verdictOf } from './verdict.js';

/** How many offsets or clients a note lists before it says "and N more". */
const NOTE_LIST_MAX = 20;

const DUPLICATE = 0;
const OUT_OF_ORDER = 1;

/**
 * The offsets one client received (since its page's last reload), as a set of
 * dense offset ids (see `HistoryView.offsetIdAt`) that remembers, per id, the
 * index of the receive that added it. One serves every client of a check: an
 * id is in the set while its stamp equals the current generation, so
 * `clear()` empties it in constant time by starting a new generation. A check
 * thus allocates two typed arrays of the offset count instead of a map per
 * client.
 */
class ReceivedOffsets {
  /** Per offset id, the generation it was last added in (0: never). */
  private readonly stamps: Int32Array;
  /** Per offset id, the index of the receive that added it (valid while stamped with the current generation). */
  private readonly firstAt: Int32Array;
  private generation = 1;

  constructor(offsetCount: number) {
    this.stamps = new Int32Array(offsetCount);
    this.firstAt = new Int32Array(offsetCount);
  }

  clear(): void {
    this.generation++;
  }

  has(id: number): boolean {
    return this.stamps[id] === this.generation;
  }

  /** The index of the receive that added `id`; only meaningful when `has(id)`. */
  receiveOf(id: number): number {
    return this.firstAt[id]!;
  }

  add(id: number, receive: number): void {
    this.stamps[id] = this.generation;
    this.firstAt[id] = receive;
  }
}

/**
 * Walks a client's receives (and page reloads, which start them afresh) in
 * history order, leaving in `received` what it received since its last
 * reload. Returns flat triples (DUPLICATE | OUT_OF_ORDER, index of the
 * earlier receive, index of this receive).
 */
function walkReceipts(view: HistoryView, client: ClientView, received: ReceivedOffsets): number[] {
  const { offsetIdAt, offsetById } = view;
  received.clear();
  const issues: number[] = [];
  let maxOffset = -Infinity;
  let maxAt = -1;
  const reloads = client.pageReloads;
  let nextReload = 0;
  // Indexed loops here and in missedRows: unlike for-of, they allocate nothing while the code is not yet optimized.
  const receives = client.receives;
  for (let k = 0; k < receives.length; k++) {
    const i = receives[k]!;
    if (nextReload < reloads.length && reloads[nextReload]! < i) {
      // A new document: it rebuilds its list, so rows the old one got come again legitimately.
      while (nextReload < reloads.length && reloads[nextReload]! < i) nextReload++;
      received.clear();
      maxOffset = -Infinity;
      maxAt = -1;
    }
    const id = offsetIdAt[i]!;
    if (received.has(id)) {
      issues.push(DUPLICATE, received.receiveOf(id), i);
      continue;
    }
    received.add(id, i);
    const offset = offsetById[id]!;
    if (offset < maxOffset) issues.push(OUT_OF_ORDER, maxAt, i);
    else {
      maxOffset = offset;
      maxAt = i;
    }
  }
  if (nextReload < reloads.length) received.clear();
  return issues;
}

/** The stored offsets' first judged rows, in offset order, whose offsets are not in `received`. */
function missed(view: HistoryView, received: ReceivedOffsets): number[] {
  const { rowsByOffset, offsetIdAt, firstRowById } = view;
  const rows: number[] = [];
  for (let k = 0; k < rowsByOffset.length; k++) {
    const row = rowsByOffset[k]!;
    const id = offsetIdAt[row]!;
    if (!received.has(id) && firstRowById[id] === row) rows.push(row);
  }
  return rows;
}

/**
 * The receive side. Receipts that happened are facts, so every client's are
 * judged, connected at the end or not: no offset received twice
 * (`duplicated-delivery`, one per extra receive, e.g. a catch-up overlapping a
 * live broadcast) and offsets received in increasing order
 * (`out-of-order-delivery`, one per receive with an offset lower than one
 * received before). A `page-reload` starts a client's receipts afresh: the
 * new document gets every row again. Only `missed` needs the client there at the end: every
 * client connected at the end of the scenario (its last connect/disconnect
 * event is a connect, which the final phase gave time to catch up) must have
 * received every stored offset (`missed`, one anomaly per client listing the
 * offsets). Receipts of offsets the final read does not hold are noted, not
 * counted as anomalies. Linear in the history (times the judged clients for
 * `missed`).
 *
 * Without an anomaly the verdict is `unknown`, with the reason in the notes,
 * when no client could be judged for `missed` (none connected at the end), or
 * when a client did not reconnect in the final phase (a `not-reconnected`
 * event no later `connect` answered): a target that refuses reconnects must
 * not come out `valid`.
 *
 * Counts: `receives` (all clients), `judgedClients` (judged for `missed`),
 * `unjudgedClients`, `notReconnected`, `receivedUnstored`, and one per anomaly
 * kind.
 *
 * @example
 * const { anomalies } = checkReceive(buildView(history));
 * anomalies.filter((a) => a.kind === 'missed').map((a) => [a.client, a.offsets]);
 */
export function checkReceive(view: HistoryView): CheckResult {
  const { history, offsetIdAt, firstRowById } = view;
  const receivers = [...view.clients.values()].filter((c) => c.since >= 0).sort((a, b) => a.since - b.since);
  const offsetAt = (i: number): number => (history[i] as FinalReadEvent | ReceiveEvent).offset;
  /** The messages of the first judged rows holding the offsets of these rows or receives (none for an offset without one). */
  const msgsOf = (events: readonly number[]): string[] => {
    const msgs: string[] = [];
    for (const i of events) {
      const row = firstRowById[offsetIdAt[i]!]!;
      const id = row < 0 ? -1 : view.messageIdAt[row]!;
      if (id >= 0) msgs.push(view.messageById[id]!.msg);
    }
    return msgs;
  };
  const received = new ReceivedOffsets(view.offsetById.length);
  /** Ids of the offsets no judged row holds: what a client may have received unstored. */
  const unstoredIds: number[] = [];
  for (let id = 0; id < view.offsetById.length; id++) if (firstRowById[id]! < 0) unstoredIds.push(id);

  const anomalies: Anomaly[] = [];
  const notes: string[] = [];
  const judged: string[] = [];
  const disconnected: string[] = [];
  const notReconnected: string[] = [];
  let receivedUnstored = 0;
  let receives = 0;

  for (const c of receivers) {
    const client = c.name;
    const issues = walkReceipts(view, c, received);
    receives += c.receives.length;
    if (c.notReconnected >= 0) notReconnected.push(client);
    for (let k = 0; k < issues.length; k += 3) {
      const earlier = history[issues[k + 1]!] as ReceiveEvent;
      const later = history[issues[k + 2]!] as ReceiveEvent;
      const events = [issues[k + 1]!, issues[k + 2]!];
      if (issues[k] === DUPLICATE) {
        anomalies.push(anomaly('duplicated-delivery', {
          client,
          msgs: msgsOf([events[1]!]),
          offsets: [later.offset],
          events,
          description: `${client} received offset ${later.offset} (${quote(later.content)}) twice: at ${formatTime(earlier.t)} and again at ${formatTime(later.t)}`,
        }));
      } else {
        anomalies.push(anomaly('out-of-order-delivery', {
          client,
          msgs: msgsOf(events),
          offsets: [earlier.offset, later.offset],
          events,
          description: `${client} received offset ${later.offset} (${quote(later.content)}) at ${formatTime(later.t)} after offset ${earlier.offset} (at ${formatTime(earlier.t)})`,
        }));
      }
    }

    const unstored: number[] = [];
    for (const id of unstoredIds) if (received.has(id)) unstored.push(view.offsetById[id]!);
    if (unstored.length > 0) {
      receivedUnstored += unstored.length;
      unstored.sort((a, b) => a - b);
      notes.push(
        `${client} received ${plural(unstored.length, 'offset')} the final read does not hold (not judged): ${listSome(unstored, NOTE_LIST_MAX)}`,
      );
    }

    if (c.connectedAtEnd !== true) {
      if (c.connectedAtEnd === false && c.notReconnected < 0) disconnected.push(client);
      continue;
    }
    judged.push(client);

    const lastConnection = c.connections.at(-1) ?? -1;
    const missedRows = missed(view, received);
    if (missedRows.length > 0) {
      const offsets = missedRows.map(offsetAt);
      const msgs = msgsOf(missedRows);
      anomalies.push(anomaly('missed', {
        client,
        msgs,
        offsets,
        events: lastConnection >= 0 ? [...missedRows, lastConnection].sort((a, b) => a - b) : missedRows,
        description: `${client} was connected at the end but never received ${plural(offsets.length, 'stored offset')}: ${listSome(offsets)}${msgs.length > 0 ? ` (${listSome(msgs)})` : ''}`,
      }));
    }
  }

  const undecided: string[] = [];
  if (notReconnected.length > 0) {
    undecided.push(
      `${plural(notReconnected.length, 'client')} did not reconnect in the final phase, so what ${notReconnected.length === 1 ? 'it' : 'they'} missed cannot be judged: ${listSome(notReconnected, NOTE_LIST_MAX)}`,
    );
  }
  if (judged.length === 0 && receivers.length > 0) undecided.push('no client was connected at the end: nothing could be judged missed');
  notes.unshift(...undecided);
  if (disconnected.length > 0) {
    notes.push(`not judged for missed offsets, disconnected at the end: ${listSome(disconnected, NOTE_LIST_MAX)}`);
  }

  const kindCount = (kind: Anomaly['kind']): number => anomalies.filter((a) => a.kind === kind).length;
  return {
    checker: 'receive',
    verdict: verdictOf(anomalies, undecided.length),
    anomalies,
    counts: {
      receives,
      judgedClients: judged.length,
      unjudgedClients: receivers.length - judged.length,
      notReconnected: notReconnected.length,
      receivedUnstored,
      missed: kindCount('missed'),
      'duplicated-delivery': kindCount('duplicated-delivery'),
      'out-of-order-delivery': kindCount('out-of-order-delivery'),
    },
    notes,
  };
}

/**
 * The receive-side checker: {@link checkReceive} on the wire, and browser
 * clients judged on what their pages show (see {@link judgePageViews}).
 *
 * @example
 * const result = receiveChecker.check(buildView(history));
 */
export const receiveChecker: Checker = { name: 'receive', check: (view) => judgePageViews(view, checkReceive(view)) };
