import type { FinalReadEvent, History, ReceiveEvent } from '../history/events.js';
import type { ClientView, HistoryView } from '../view/HistoryView.js';
import { anomaly, type Anomaly, type CheckResult, type Checker } from './Checker.js';
import { formatTime, listSome, plural, quote } from './describe.js';
import { judgePageViews } from './pageView.js';
import { verdictOf } from './verdict.js';

/** How many offsets or clients a note lists before it says "and N more". */
const NOTE_LIST_MAX = 20;

const DUPLICATE = 0;
const OUT_OF_ORDER = 1;

/** What walking one client's receipts finds. */
interface Receipts {
  /** Offset -> index of the first receive of it (since its page's last reload). */
  received: Map<number, number>;
  /** Flat triples (DUPLICATE | OUT_OF_ORDER, index of the earlier receive, index of this receive). */
  issues: number[];
}

/** Walks a client's receives (and page reloads, which start them afresh) in history order. */
function walkReceipts(history: History, client: ClientView): Receipts {
  let received = new Map<number, number>();
  const issues: number[] = [];
  let maxOffset = -Infinity;
  let maxAt = -1;
  const reloads = client.pageReloads;
  let nextReload = 0;
  for (const i of client.receives) {
    if (nextReload < reloads.length && reloads[nextReload]! < i) {
      // A new document: it rebuilds its list, so rows the old one got come again legitimately.
      while (nextReload < reloads.length && reloads[nextReload]! < i) nextReload++;
      received = new Map();
      maxOffset = -Infinity;
      maxAt = -1;
    }
    const offset = (history[i] as ReceiveEvent).offset;
    const first = received.get(offset);
    if (first !== undefined) {
      issues.push(DUPLICATE, first, i);
      continue;
    }
    received.set(offset, i);
    if (offset < maxOffset) issues.push(OUT_OF_ORDER, maxAt, i);
    else {
      maxOffset = offset;
      maxAt = i;
    }
  }
  if (nextReload < reloads.length) received = new Map();
  return { received, issues };
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
  const { history, rowAt: stored } = view;
  const receivers = [...view.clients.values()].filter((c) => c.since >= 0).sort((a, b) => a.since - b.since);
  const offsetAt = (i: number): number => (history[i] as FinalReadEvent | ReceiveEvent).offset;
  const msgAt = (offset: number): string | null => {
    const row = stored.get(offset);
    return row === undefined ? null : (view.msgOfRow.get(row) ?? null);
  };
  const msgsOf = (offsets: readonly number[]): string[] => {
    const msgs: string[] = [];
    for (const o of offsets) {
      const m = msgAt(o);
      if (m !== null) msgs.push(m);
    }
    return msgs;
  };

  const anomalies: Anomaly[] = [];
  const notes: string[] = [];
  const judged: string[] = [];
  const disconnected: string[] = [];
  const notReconnected: string[] = [];
  let receivedUnstored = 0;
  let receives = 0;

  for (const c of receivers) {
    const client = c.name;
    const r = walkReceipts(history, c);
    receives += c.receives.length;
    if (c.notReconnected >= 0) notReconnected.push(client);
    for (let k = 0; k < r.issues.length; k += 3) {
      const earlier = history[r.issues[k + 1]!] as ReceiveEvent;
      const later = history[r.issues[k + 2]!] as ReceiveEvent;
      const events = [r.issues[k + 1]!, r.issues[k + 2]!];
      if (r.issues[k] === DUPLICATE) {
        anomalies.push(anomaly('duplicated-delivery', {
          client,
          msgs: msgsOf([later.offset]),
          offsets: [later.offset],
          events,
          description: `${client} received offset ${later.offset} (${quote(later.content)}) twice: at ${formatTime(earlier.t)} and again at ${formatTime(later.t)}`,
        }));
      } else {
        anomalies.push(anomaly('out-of-order-delivery', {
          client,
          msgs: msgsOf([earlier.offset, later.offset]),
          offsets: [earlier.offset, later.offset],
          events,
          description: `${client} received offset ${later.offset} (${quote(later.content)}) at ${formatTime(later.t)} after offset ${earlier.offset} (at ${formatTime(earlier.t)})`,
        }));
      }
    }

    const unstored: number[] = [];
    for (const offset of r.received.keys()) if (!stored.has(offset)) unstored.push(offset);
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

    const missedRows: number[] = [];
    const lastConnection = c.connections.at(-1) ?? -1;
    for (const row of view.rowsByOffset) if (!r.received.has(offsetAt(row)) && stored.get(offsetAt(row)) === row) missedRows.push(row);
    if (missedRows.length > 0) {
      const offsets = missedRows.map(offsetAt);
      const msgs = msgsOf(offsets);
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
