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
  /**
   * The message each final-read row is, by event index: its stored client
   * offset, or, for a row matched by content, the message whose sent text
   * equals its content. Rows that are no message are absent.
   */
  msgOfRow: Map<number, string>;
  /** Indices of the final-read rows that are no message: no client offset, or (matched by content) a text no client sent. */
  anonymousRows: number[];
  /** How many final-read rows the store kept no client identity for (`match: 'content'`). */
  contentRows: number;
  /** How many of those rows matched a message by content (the rest are in `anonymousRows`). */
  matchedByContent: number;
  /** Texts sent as more than one message (rows with them are matched to the first that sent it). */
  ambiguousTexts: string[];
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
 * Index a history for the send-side checks in one linear pass. A row the store
 * kept no client identity for (`match: 'content'`) is the message whose first
 * attempt sent its content (the message sent first, if a text was sent twice). The result is
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
  const msgOfRow = new Map<number, string>();
  const anonymousRows: number[] = [];
  const byContent = new Map<string, string>();
  const ambiguous = new Set<string>();
  let contentRows = 0;
  let matchedByContent = 0;
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
          const first = byContent.get(e.content);
          if (first === undefined) byContent.set(e.content, e.msg);
          else if (first !== e.msg) ambiguous.add(e.content);
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
        if (e.match === 'content') contentRows++;
        const msg = e.msg ?? (e.match === 'content' ? byContent.get(e.content) : undefined);
        if (msg === undefined) {
          anonymousRows.push(i);
          break;
        }
        msgOfRow.set(i, msg);
        if (e.msg === null) matchedByContent++;
        let r = messages.get(msg);
        if (r === undefined) {
          messages.set(msg, (r = newRecord(msg, '')));
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
  return { messages, rows, msgOfRow, anonymousRows, contentRows, matchedByContent, ambiguousTexts: [...ambiguous], rowsSorted, attempts };
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

/**
 * The message a final-read row is (see {@link SendIndex.msgOfRow}), or null
 * when it is none: for reporters that tell a row's story.
 *
 * @example
 * storedMsgOf(history, 42); // 'c0-3', also for a row matched by content
 */
export function storedMsgOf(history: History, row: number): string | null {
  return indexSends(history).msgOfRow.get(row) ?? null;
}

/**
 * The history with each row matched by content given the message it matched
 * (`msg` set, `match: 'content'` kept), for code that reads `msg` off rows;
 * the same array when no row was matched by content. Event indices are kept.
 *
 * @example
 * withMatchedRows(history)[42]; // { type: 'final-read', msg: 'c0-3', match: 'content', ... }
 */
export function withMatchedRows(history: History): History {
  const index = indexSends(history);
  if (index.matchedByContent === 0) return history;
  return history.map((e, i) => (e.type === 'final-read' && e.msg === null && index.msgOfRow.has(i) ? { ...e, msg: index.msgOfRow.get(i)! } : e));
}
