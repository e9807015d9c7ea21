import type { FinalReadEvent, History } from '../history/events.js';

/**
 * What one pass over a history tells about one message (one client offset):
 * small numbers and event indices only, no per-event arrays. Indices are
 * positions in the history; -1 means "no such event".
 */
export interface MessageRecord {
  msg: string;
  /** The client that sent it (from its first invoke, else its first outcome or row). */
  client: string;
  /** Position in its client's send order, from the first invoke; -1 when never invoked. */
  seq: number;
  /** Content of the first invoke, else of the first stored row. */
  content: string;
  /** Index of the first invoke, -1 when never invoked. */
  firstInvoke: number;
  /** Number of invoke events (attempts). */
  attempts: number;
  /** Index of the first server `ok`, else of the first local `ok`; -1 when never acked. */
  ok: number;
  /** The kind of ack at `ok`; null when never acked. */
  okAck: 'server' | 'local' | null;
  /** Index of the first `fail`; -1 when the client never gave up. */
  fail: number;
  /** Index of the first `reject` (the server refused it); -1 when never refused. */
  reject: number;
  /** Number of `info` events (attempts with an unknown outcome). */
  infos: number;
  /** Whether an `ok` came after an `info` (an ack that arrived late or on a retry). */
  ackedAfterInfo: boolean;
  /** Number of stored rows that carry this client offset. */
  stored: number;
  /** Index of the stored row with the lowest offset; -1 when not stored. */
  firstRow: number;
  /** Indices of the other stored rows, only when stored more than once. */
  moreRows: number[] | null;
}

/**
 * One pass over a history, shared by the send-side checkers.
 *
 * @example
 * const index = indexSends(history);
 * index.messages.get('c0-1')?.stored; // how many rows carry c0-1
 */
export interface SendIndex {
  /** Every client offset named by an invoke, ok, fail, reject, info or stored row, in order of first appearance. */
  messages: Map<string, MessageRecord>;
  /** Indices of the final-read events, in history order. */
  rows: number[];
  /** Indices of the final-read rows stored with no client offset. */
  anonymousRows: number[];
  /** Whether `rows` are already in increasing offset order. */
  rowsSorted: boolean;
  /** Total invoke events. */
  attempts: number;
}

const cache = new WeakMap<History, { length: number; index: SendIndex }>();

function newRecord(msg: string, client: string): MessageRecord {
  return {
    msg,
    client,
    seq: -1,
    content: '',
    firstInvoke: -1,
    attempts: 0,
    ok: -1,
    okAck: null,
    fail: -1,
    reject: -1,
    infos: 0,
    ackedAfterInfo: false,
    stored: 0,
    firstRow: -1,
    moreRows: null,
  };
}

/**
 * Index a history for the send-side checks in one linear pass. The result is
 * remembered per history array (and its length), so the delivery and ordering
 * checkers share one pass; treat it as read-only.
 *
 * @example
 * const { messages, rows } = indexSends(history);
 * for (const m of messages.values()) if (m.ok >= 0 && m.stored === 0) console.log(`${m.msg} lost`);
 */
export function indexSends(history: History): SendIndex {
  const hit = cache.get(history);
  if (hit !== undefined && hit.length === history.length) return hit.index;
  const index = buildSendIndex(history);
  cache.set(history, { length: history.length, index });
  return index;
}

function buildSendIndex(history: History): SendIndex {
  const messages = new Map<string, MessageRecord>();
  const rows: number[] = [];
  const anonymousRows: number[] = [];
  let rowsSorted = true;
  let lastOffset = -Infinity;
  let attempts = 0;

  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    switch (e.type) {
      case 'invoke': {
        attempts++;
        let r = messages.get(e.msg);
        if (r === undefined) messages.set(e.msg, (r = newRecord(e.msg, e.client)));
        if (r.firstInvoke < 0) {
          r.firstInvoke = i;
          r.client = e.client;
          r.seq = e.seq;
          r.content = e.content;
        }
        r.attempts++;
        break;
      }
      case 'ok': {
        let r = messages.get(e.msg);
        if (r === undefined) messages.set(e.msg, (r = newRecord(e.msg, e.client)));
        if (r.ok < 0 || (e.ack === 'server' && r.okAck !== 'server')) {
          r.ok = i;
          r.okAck = e.ack;
        }
        if (r.infos > 0) r.ackedAfterInfo = true;
        break;
      }
      case 'fail': {
        let r = messages.get(e.msg);
        if (r === undefined) messages.set(e.msg, (r = newRecord(e.msg, e.client)));
        if (r.fail < 0) r.fail = i;
        break;
      }
      case 'reject': {
        let r = messages.get(e.msg);
        if (r === undefined) messages.set(e.msg, (r = newRecord(e.msg, e.client)));
        if (r.reject < 0) r.reject = i;
        break;
      }
      case 'info': {
        let r = messages.get(e.msg);
        if (r === undefined) messages.set(e.msg, (r = newRecord(e.msg, e.client)));
        r.infos++;
        break;
      }
      case 'final-read': {
        rows.push(i);
        if (e.offset < lastOffset) rowsSorted = false;
        lastOffset = e.offset;
        if (e.msg === null) {
          anonymousRows.push(i);
          break;
        }
        let r = messages.get(e.msg);
        if (r === undefined) {
          messages.set(e.msg, (r = newRecord(e.msg, '')));
          r.content = e.content;
        }
        r.stored++;
        if (r.firstRow < 0) {
          r.firstRow = i;
        } else {
          (r.moreRows ??= []).push(i);
          if (e.offset < (history[r.firstRow] as FinalReadEvent).offset) {
            r.moreRows[r.moreRows.length - 1] = r.firstRow;
            r.firstRow = i;
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return { messages, rows, anonymousRows, rowsSorted, attempts };
}

/**
 * The final-read rows in increasing offset order: `index.rows` itself when the
 * target returned them sorted (the usual case), else a sorted copy.
 *
 * @example
 * for (const i of rowsInOffsetOrder(history, indexSends(history))) console.log(history[i]);
 */
export function rowsInOffsetOrder(history: History, index: SendIndex): readonly number[] {
  if (index.rowsSorted) return index.rows;
  const offsetOf = (i: number): number => (history[i] as FinalReadEvent).offset;
  return index.rows.slice().sort((a, b) => offsetOf(a) - offsetOf(b));
}
