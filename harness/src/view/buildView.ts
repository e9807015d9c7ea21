import type { FinalReadEvent, History, ProbeEvent } from '../history/events.js';
import type { ClientView, FaultView, HistoryView, MessageView, OffsetView, ProbeRow } from './HistoryView.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
type Message = Mutable<MessageView>;
type Client = Mutable<ClientView>;
type Fault = Mutable<FaultView>;
type Offset = Mutable<OffsetView>;

/** Rows and broadcast offsets left out of the judged facts (a robustness probe's). */
interface Mask {
  rows: ReadonlySet<number>;
  offsets: ReadonlySet<number>;
}

function newMessage(msg: string, id: number, client: string): Message {
  return {
    msg,
    id,
    client,
    seq: -1,
    content: '',
    firstInvoke: -1,
    lastInvoke: -1,
    attempts: 0,
    firstOk: -1,
    ok: -1,
    okAck: null,
    fail: -1,
    fails: 0,
    reject: -1,
    infos: 0,
    ackedAfterInfo: false,
    lastAnswer: -1,
    stored: 0,
    firstRow: -1,
    events: [],
  };
}

function newClient(name: string): Client {
  return { name, since: -1, connections: [], nodes: [], moves: [], connectedAtEnd: null, notReconnected: -1, receives: [], pageViews: [], pageReloads: [], departed: -1 };
}

/**
 * Hands out dense ids to server offsets (0, 1, 2... in order of first sight;
 * see `HistoryView.offsetById`). Stores number their rows with consecutive
 * integers, so an offset close above the first one seen is looked up in a
 * typed array indexed by its distance from that first offset (a slot holds
 * id + 1, 0 while unseen), which is several times faster than a map and
 * allocates nothing per offset; an offset outside that window (below the
 * first, far above it, fractional) goes to a map.
 */
class OffsetIds {
  readonly byId: number[] = [];
  private base = NaN;
  private readonly window: Int32Array;
  private readonly others = new Map<number, number>();

  /** `expected`: about how many offsets there can be (the window covers twice that). */
  constructor(expected: number) {
    this.window = new Int32Array(2 * expected + 16);
  }

  idOf(offset: number): number {
    if (this.byId.length === 0) this.base = offset;
    const slot = offset - this.base;
    if (slot >= 0 && slot < this.window.length && Number.isInteger(slot)) {
      const known = this.window[slot]!;
      if (known > 0) return known - 1;
      this.window[slot] = this.byId.length + 1;
    } else {
      const known = this.others.get(offset);
      if (known !== undefined) return known;
      this.others.set(offset, this.byId.length);
    }
    return this.byId.push(offset) - 1;
  }
}

/** Whether `content` is the probe's content, or starts with it and a space (an oversized probe). */
function carries(content: string, probe: ProbeEvent): boolean {
  return probe.content !== undefined && (content === probe.content || content.startsWith(`${probe.content} `));
}

/** The rows that came from robustness probes: a row carrying a probe's client offset, or its content (which no message has). */
function findProbeRows(history: History, probes: readonly number[], rows: readonly number[]): ProbeRow[] {
  const found: ProbeRow[] = [];
  if (probes.length === 0) return found;
  for (const row of rows) {
    const e = history[row] as FinalReadEvent;
    const probe = probes.find((p) => {
      const event = history[p] as ProbeEvent;
      return (event.msg !== undefined && e.msg === event.msg) || carries(e.content, event);
    });
    if (probe !== undefined) found.push({ row, probe });
  }
  return found;
}

/**
 * The one view of a scenario's history (see {@link HistoryView}), built in
 * one linear pass (two when robustness probes led to stored rows: the second
 * leaves those rows and their broadcasts out). A row the store kept no client
 * identity for (`match: 'content'`) is the message whose first attempt sent
 * its content (the message sent first, if a text was sent twice).
 *
 * @example
 * const view = buildView(history);
 * view.messages.get('c0-1')?.stored; // how many rows carry c0-1
 * checkDelivery(view);
 */
export function buildView(history: History): HistoryView {
  const all = build(history, null, []);
  const probeRows = findProbeRows(history, all.probes, all.rows);
  if (probeRows.length === 0) return all;
  const rows = new Set(probeRows.map((r) => r.row));
  const offsets = new Set(probeRows.map((r) => (history[r.row] as FinalReadEvent).offset));
  return build(history, { rows, offsets }, probeRows);
}

function build(history: History, mask: Mask | null, probeRows: ProbeRow[]): HistoryView {
  const messages = new Map<string, Message>();
  const messageById: Message[] = [];
  const messageIdAt = new Int32Array(history.length).fill(-1);
  const offsetIds = new OffsetIds(history.length);
  const offsetIdAt = new Int32Array(history.length).fill(-1);
  /** Per offset id, its first judged row; -1 while none (grown as ids are handed out). */
  const firstRowById: number[] = [];
  const clients = new Map<string, Client>();
  const faults: Fault[] = [];
  const healsWithoutStart: Fault[] = [];
  const openFaults = new Map<number, Fault>();
  let awaitingOk: Fault[] = [];
  const rows: number[] = [];
  const anonymousRows: number[] = [];
  const probes: number[] = [];
  const targetExits: number[] = [];
  let byContent: Map<string, string> | null = null;
  const ambiguous = new Set<string>();
  let contentRows = 0;
  let matchedByContent = 0;
  let rowsSorted = true;
  let lastOffset = -Infinity;
  let attempts = 0;
  let healedAt = -1;
  let ackTimeoutMs: number | undefined;
  let noStore = false;

  const message = (msg: string, client: string): Message => {
    let m = messages.get(msg);
    if (m === undefined) {
      m = newMessage(msg, messageById.length, client);
      messages.set(msg, m);
      messageById.push(m);
    }
    return m;
  };
  const client = (name: string): Client => {
    let c = clients.get(name);
    if (c === undefined) clients.set(name, (c = newClient(name)));
    return c;
  };
  /** The server offset's dense id, handing out the next one on first sight. */
  const offsetId = (offset: number): number => {
    const id = offsetIds.idOf(offset);
    if (id === firstRowById.length) firstRowById.push(-1);
    return id;
  };
  const receiver = (name: string, i: number): Client => {
    const c = client(name);
    if (c.since < 0) c.since = i;
    return c;
  };
  /** Texts of first attempts, built when the first row matched by content needs them. */
  const textsSent = (): Map<string, string> => {
    const texts = new Map<string, string>();
    const firsts = messageById.filter((m) => m.firstInvoke >= 0).sort((a, b) => a.firstInvoke - b.firstInvoke);
    for (const m of firsts) addText(texts, m);
    return texts;
  };
  const addText = (texts: Map<string, string>, m: Message): void => {
    const first = texts.get(m.content);
    if (first === undefined) texts.set(m.content, m.msg);
    else if (first !== m.msg) ambiguous.add(m.content);
  };

  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    switch (e.type) {
      case 'invoke':
      case 'ok':
      case 'fail':
      case 'reject':
      case 'info': {
        const m = message(e.msg, e.client);
        messageIdAt[i] = m.id;
        m.events.push(i);
        client(e.client);
        if (e.type === 'invoke') {
          attempts++;
          if (m.firstInvoke < 0) {
            m.firstInvoke = i;
            m.client = e.client;
            m.seq = e.seq;
            m.content = e.content;
            if (byContent !== null) addText(byContent, m);
          }
          m.lastInvoke = i;
          m.attempts++;
        } else if (e.type === 'ok') {
          if (m.firstOk < 0) m.firstOk = i;
          if (m.ok < 0 || (e.ack === 'server' && m.okAck !== 'server')) {
            m.ok = i;
            m.okAck = e.ack;
          }
          if (m.infos > 0) m.ackedAfterInfo = true;
          m.lastAnswer = i;
          if (awaitingOk.length > 0) {
            for (const f of awaitingOk) f.firstOkAfterEnd = i;
            awaitingOk = [];
          }
        } else if (e.type === 'info') {
          m.infos++;
        } else {
          m.lastAnswer = i;
          if (e.type === 'fail') {
            if (m.fail < 0) m.fail = i;
            m.fails++;
          } else if (m.reject < 0) m.reject = i;
        }
        break;
      }
      case 'final-read': {
        const offset = offsetId(e.offset);
        offsetIdAt[i] = offset;
        if (mask !== null && mask.rows.has(i)) break;
        rows.push(i);
        if (e.offset < lastOffset) rowsSorted = false;
        lastOffset = e.offset;
        if (firstRowById[offset]! < 0) firstRowById[offset] = i;
        let msg: string | undefined;
        if (e.msg !== null) msg = e.msg;
        else if (e.match === 'content') msg = (byContent ??= textsSent()).get(e.content);
        if (e.match === 'content') contentRows++;
        if (msg === undefined) {
          anonymousRows.push(i);
          break;
        }
        if (e.msg === null) matchedByContent++;
        let m = messages.get(msg);
        if (m === undefined) {
          m = message(msg, '');
          m.content = e.content;
        }
        messageIdAt[i] = m.id;
        m.stored++;
        m.events.push(i);
        if (m.firstRow < 0 || e.offset < (history[m.firstRow] as FinalReadEvent).offset) m.firstRow = i;
        break;
      }
      case 'receive':
        offsetIdAt[i] = offsetId(e.offset);
        if (mask === null || !mask.offsets.has(e.offset)) receiver(e.client, i).receives.push(i);
        else client(e.client);
        break;
      case 'connect':
      case 'disconnect': {
        const c = receiver(e.client, i);
        c.connections.push(i);
        if (e.type === 'connect') c.nodes.push(e.node ?? '');
        c.connectedAtEnd = e.type === 'connect';
        if (c.connectedAtEnd) c.notReconnected = -1;
        break;
      }
      case 'not-reconnected':
        receiver(e.client, i).notReconnected = i;
        break;
      case 'page-reload':
        receiver(e.client, i).pageReloads.push(i);
        break;
      case 'page-view':
        client(e.client).pageViews.push(i);
        break;
      case 'probe':
        probes.push(i);
        client(e.client);
        break;
      case 'fault-start': {
        const f: Fault = { id: e.id, start: i, end: -1, firstOkAfterEnd: -1 };
        faults.push(f);
        openFaults.set(e.id, f);
        for (const name of e.clients) client(name);
        break;
      }
      case 'fault-end': {
        let f = openFaults.get(e.id);
        if (f === undefined) healsWithoutStart.push((f = { id: e.id, start: -1, end: i, firstOkAfterEnd: -1 }));
        else openFaults.delete(e.id);
        f.end = i;
        awaitingOk.push(f);
        break;
      }
      case 'strategy':
        ackTimeoutMs ??= e.ackTimeoutMs;
        break;
      case 'target-exit':
        targetExits.push(i);
        break;
      case 'healed':
        if (healedAt < 0) healedAt = i;
        break;
      case 'no-store':
        noStore = true;
        break;
      case 'client-moved':
        client(e.client).moves.push(i);
        break;
      case 'client-departed': {
        const c = client(e.client);
        if (c.departed < 0) c.departed = i;
        break;
      }
      default:
        if ('client' in e && typeof e.client === 'string') client(e.client);
        break;
    }
  }

  const offsetOf = (i: number): number => (history[i] as FinalReadEvent).offset;
  const offsetById = offsetIds.byId;
  // The indices only message stories, the final phase and page judgement read are built on first read.
  let offsets: ReadonlyMap<number, OffsetView> | undefined;
  let rowAt: ReadonlyMap<number, number> | undefined;
  let msgOfRow: ReadonlyMap<number, string> | undefined;
  return {
    history,
    messages,
    messageById,
    messageIdAt,
    clients,
    get offsets() {
      return (offsets ??= offsetViews(history, offsetIdAt, offsetById));
    },
    offsetById,
    offsetIdAt,
    firstRowById,
    faults: healsWithoutStart.length === 0 ? faults : [...faults, ...healsWithoutStart],
    rows,
    rowsByOffset: rowsSorted ? rows : rows.slice().sort((a, b) => offsetOf(a) - offsetOf(b)),
    get rowAt() {
      return (rowAt ??= firstRows(history, rows));
    },
    get msgOfRow() {
      return (msgOfRow ??= rowMessages(rows, messageIdAt, messageById));
    },
    anonymousRows,
    contentRows,
    matchedByContent,
    ambiguousTexts: [...ambiguous],
    noStore,
    attempts,
    healedAt,
    ackTimeoutMs,
    probes,
    probeRows,
    targetExits,
    end: history.at(-1)?.t ?? 0,
  };
}

/** {@link HistoryView.offsets}: each offset's rows and receives, offsets in order of first appearance (their ids' order). */
function offsetViews(history: History, offsetIdAt: ArrayLike<number>, offsetById: readonly number[]): Map<number, OffsetView> {
  const byId: Offset[] = offsetById.map(() => ({ rows: [], receives: [] }));
  for (let i = 0; i < history.length; i++) {
    const id = offsetIdAt[i]!;
    if (id < 0) continue;
    if (history[i]!.type === 'final-read') byId[id]!.rows.push(i);
    else byId[id]!.receives.push(i);
  }
  const offsets = new Map<number, OffsetView>();
  for (let id = 0; id < byId.length; id++) offsets.set(offsetById[id]!, byId[id]!);
  return offsets;
}

/** {@link HistoryView.rowAt}: per stored offset its first judged row, in the rows' order. */
function firstRows(history: History, rows: readonly number[]): Map<number, number> {
  const rowAt = new Map<number, number>();
  for (const row of rows) {
    const offset = (history[row] as FinalReadEvent).offset;
    if (!rowAt.has(offset)) rowAt.set(offset, row);
  }
  return rowAt;
}

/** {@link HistoryView.msgOfRow}: the message of each judged row that is one, in the rows' order. */
function rowMessages(rows: readonly number[], messageIdAt: ArrayLike<number>, messageById: readonly MessageView[]): Map<number, string> {
  const msgOfRow = new Map<number, string>();
  for (const row of rows) {
    const id = messageIdAt[row]!;
    if (id >= 0) msgOfRow.set(row, messageById[id]!.msg);
  }
  return msgOfRow;
}
