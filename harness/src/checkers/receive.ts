import type { FinalReadEvent, History, ReceiveEvent } from '../history/events.js';
import { storedMsgOf } from './sendIndex.js';
import type { Anomaly, CheckResult, Checker } from './Checker.js';
import { formatTime, listSome, plural, quote } from './describe.js';
import { judgePageViews } from './pageView.js';
import { verdictOf } from './verdict.js';

/** How many offsets or clients a note lists before it says "and N more". */
const NOTE_LIST_MAX = 20;

const DUPLICATE = 0;
const OUT_OF_ORDER = 1;

/** What one pass learns about one client's receipts. */
interface Receipts {
  /** Whether its last connect/disconnect event was a connect; null when it had none. */
  connected: boolean | null;
  /** Index of its last connect or disconnect event. */
  lastConnection: number;
  /** Index of a `not-reconnected` event no later `connect` answered; -1 when none. */
  notReconnected: number;
  /** Offset -> index of the first receive of it. */
  received: Map<number, number>;
  /** Highest offset received so far, and the index of that receive. */
  maxOffset: number;
  maxAt: number;
  receives: number;
  /** Flat triples (DUPLICATE | OUT_OF_ORDER, index of the earlier receive, index of this receive). */
  issues: number[];
}

function receiptsOf(byClient: Map<string, Receipts>, client: string): Receipts {
  let r = byClient.get(client);
  if (r === undefined) {
    r = { connected: null, lastConnection: -1, notReconnected: -1, received: new Map(), maxOffset: -Infinity, maxAt: -1, receives: 0, issues: [] };
    byClient.set(client, r);
  }
  return r;
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
 * const { anomalies } = checkReceive(history);
 * anomalies.filter((a) => a.kind === 'missed').map((a) => [a.client, a.offsets]);
 */
export function checkReceive(history: History): CheckResult {
  const byClient = new Map<string, Receipts>();
  const stored = new Map<number, number>();
  const rows: number[] = [];
  let rowsSorted = true;
  let lastOffset = -Infinity;
  let receives = 0;

  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    switch (e.type) {
      case 'receive': {
        receives++;
        const r = receiptsOf(byClient, e.client);
        r.receives++;
        const first = r.received.get(e.offset);
        if (first !== undefined) {
          r.issues.push(DUPLICATE, first, i);
          break;
        }
        r.received.set(e.offset, i);
        if (e.offset < r.maxOffset) r.issues.push(OUT_OF_ORDER, r.maxAt, i);
        else {
          r.maxOffset = e.offset;
          r.maxAt = i;
        }
        break;
      }
      case 'connect':
      case 'disconnect': {
        const r = receiptsOf(byClient, e.client);
        r.connected = e.type === 'connect';
        r.lastConnection = i;
        if (r.connected) r.notReconnected = -1;
        break;
      }
      case 'page-reload': {
        // A new document: it rebuilds its list, so rows the old one got come again legitimately.
        const r = receiptsOf(byClient, e.client);
        r.received = new Map();
        r.maxOffset = -Infinity;
        r.maxAt = -1;
        break;
      }
      case 'not-reconnected':
        receiptsOf(byClient, e.client).notReconnected = i;
        break;
      case 'final-read':
        if (!stored.has(e.offset)) stored.set(e.offset, i);
        rows.push(i);
        if (e.offset < lastOffset) rowsSorted = false;
        lastOffset = e.offset;
        break;
      default:
        break;
    }
  }

  const offsetAt = (i: number): number => (history[i] as FinalReadEvent | ReceiveEvent).offset;
  if (!rowsSorted) rows.sort((a, b) => offsetAt(a) - offsetAt(b));
  const msgAt = (offset: number): string | null => {
    const row = stored.get(offset);
    return row === undefined ? null : storedMsgOf(history, row);
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

  for (const [client, r] of byClient) {
    if (r.notReconnected >= 0) notReconnected.push(client);
    for (let k = 0; k < r.issues.length; k += 3) {
      const earlier = history[r.issues[k + 1]!] as ReceiveEvent;
      const later = history[r.issues[k + 2]!] as ReceiveEvent;
      const events = [r.issues[k + 1]!, r.issues[k + 2]!];
      if (r.issues[k] === DUPLICATE) {
        anomalies.push({
          kind: 'duplicated-delivery',
          guarantee: 'delivered-at-most-once',
          client,
          msgs: msgsOf([later.offset]),
          offsets: [later.offset],
          events,
          description: `${client} received offset ${later.offset} (${quote(later.content)}) twice: at ${formatTime(earlier.t)} and again at ${formatTime(later.t)}`,
        });
      } else {
        anomalies.push({
          kind: 'out-of-order-delivery',
          guarantee: 'delivered-in-offset-order',
          client,
          msgs: msgsOf([earlier.offset, later.offset]),
          offsets: [earlier.offset, later.offset],
          events,
          description: `${client} received offset ${later.offset} (${quote(later.content)}) at ${formatTime(later.t)} after offset ${earlier.offset} (at ${formatTime(earlier.t)})`,
        });
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

    if (r.connected !== true) {
      if (r.connected === false && r.notReconnected < 0) disconnected.push(client);
      continue;
    }
    judged.push(client);

    const missedRows: number[] = [];
    for (const row of rows) if (!r.received.has(offsetAt(row)) && stored.get(offsetAt(row)) === row) missedRows.push(row);
    if (missedRows.length > 0) {
      const offsets = missedRows.map(offsetAt);
      const msgs = msgsOf(offsets);
      anomalies.push({
        kind: 'missed',
        guarantee: 'delivered-to-every-client',
        client,
        msgs,
        offsets,
        events: r.lastConnection >= 0 ? [...missedRows, r.lastConnection].sort((a, b) => a - b) : missedRows,
        description: `${client} was connected at the end but never received ${plural(offsets.length, 'stored offset')}: ${listSome(offsets)}${msgs.length > 0 ? ` (${listSome(msgs)})` : ''}`,
      });
    }
  }

  const undecided: string[] = [];
  if (notReconnected.length > 0) {
    undecided.push(
      `${plural(notReconnected.length, 'client')} did not reconnect in the final phase, so what ${notReconnected.length === 1 ? 'it' : 'they'} missed cannot be judged: ${listSome(notReconnected, NOTE_LIST_MAX)}`,
    );
  }
  if (judged.length === 0 && byClient.size > 0) undecided.push('no client was connected at the end: nothing could be judged missed');
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
      unjudgedClients: byClient.size - judged.length,
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
 * const result = receiveChecker.check(history);
 */
export const receiveChecker: Checker = { name: 'receive', check: (history) => judgePageViews(history, checkReceive(history)) };
