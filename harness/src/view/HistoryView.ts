import type { History, Millis } from '../history/events.js';

/**
 * What a scenario's history says about one message (one client offset), as
 * event indices and small numbers. An index is a position in
 * {@link HistoryView.history}; -1 means "no such event".
 */
export interface MessageView {
  readonly msg: string;
  /** Its dense id: its position in {@link HistoryView.messageById} (and in `messages`' order). */
  readonly id: number;
  /** The client that sent it (from its first invoke, else its first outcome); '' when only a stored row names it. */
  readonly client: string;
  /** Position in its client's send order, from the first invoke; -1 when never invoked. */
  readonly seq: number;
  /** Content of the first invoke, else of the first stored row. */
  readonly content: string;
  /** Index of the first invoke. */
  readonly firstInvoke: number;
  /** Index of the last invoke. */
  readonly lastInvoke: number;
  /** Number of invokes (attempts). */
  readonly attempts: number;
  /** Index of the first `ok` of any kind. */
  readonly firstOk: number;
  /** Index of the first server `ok`, else of the first local one: the ack the message counts as acknowledged by. */
  readonly ok: number;
  /** The kind of ack at `ok`; null when never acked. */
  readonly okAck: 'server' | 'local' | null;
  /** Index of the first `fail` (the client gave up). */
  readonly fail: number;
  /** Number of `fail` events. */
  readonly fails: number;
  /** Index of the first `reject` (the server refused it). */
  readonly reject: number;
  /** Number of `info` events (attempts with an unknown outcome). */
  readonly infos: number;
  /** Whether an `ok` came after an `info` (an ack that arrived late or on a retry). */
  readonly ackedAfterInfo: boolean;
  /** Index of the last `ok`, `fail` or `reject`: the message is open while `lastInvoke` is later. */
  readonly lastAnswer: number;
  /** Number of judged stored rows that are this message. */
  readonly stored: number;
  /** Index of its stored row with the lowest offset. */
  readonly firstRow: number;
  /** Every event of this message, in history order: invokes, oks, infos, fails, rejects, stored rows. */
  readonly events: readonly number[];
}

/**
 * Whether the message is still open: invoked again after its last ack, give-up
 * or refusal (or never answered).
 *
 * @example
 * [...view.messages.values()].filter(isOpen); // what clients still have in flight
 */
export function isOpen(m: MessageView): boolean {
  return m.lastInvoke > m.lastAnswer;
}

/** What a scenario's history says about one client. */
export interface ClientView {
  readonly name: string;
  /**
   * Index of its first event on the receiving side (connect, disconnect,
   * receive, page reload, not-reconnected); -1 when it only sent. Clients are
   * judged for receipts in this order.
   */
  readonly since: number;
  /** Its connect and disconnect events, in order: the intervals it was connected. */
  readonly connections: readonly number[];
  /**
   * The node each of its `connect` events reached, in order (a multi-node
   * target; '' for a connect that names none): where it was served.
   */
  readonly nodes: readonly string[];
  /** Its `client-moved` events: the load balancer sent it to another node. */
  readonly moves: readonly number[];
  /** Whether its last connect/disconnect event is a connect; null when it has none. */
  readonly connectedAtEnd: boolean | null;
  /** Index of a `not-reconnected` event that no later `connect` answered. */
  readonly notReconnected: number;
  /** Its judged `receive` events (a robustness probe's row is not judged). */
  readonly receives: readonly number[];
  /** Its `page-view` events (browser clients). */
  readonly pageViews: readonly number[];
  /** Its `page-reload` events (browser clients). */
  readonly pageReloads: readonly number[];
  /** Index of its `client-departed` event: where it left for good. */
  readonly departed: number;
}

/** One fault, from its `fault-start` to its `fault-end`. */
export interface FaultView {
  readonly id: number;
  /** Index of its `fault-start`; -1 for a heal whose start the history does not hold. */
  readonly start: number;
  /** Index of its `fault-end`; -1 when never healed. */
  readonly end: number;
  /** Index of the first `ok` after its end: when clients got through again. */
  readonly firstOkAfterEnd: number;
}

/** What happened to one server offset: every row that holds it and every broadcast of it, probes' included. */
export interface OffsetView {
  /** Its `final-read` rows, in history order. */
  readonly rows: readonly number[];
  /** Its `receive` events, in history order. */
  readonly receives: readonly number[];
}

/** A stored row that a robustness probe led to. */
export interface ProbeRow {
  /** The index of its `final-read` event. */
  row: number;
  /** The index of the `probe` event it came from. */
  probe: number;
}

/**
 * One scenario's history and every fact derived from it, built once (see
 * `buildView`) and read by the checkers, the figures, the message stories,
 * the timeline and stuck detection. Immutable. Anomalies cite indices into
 * `history`.
 *
 * Rows stored for robustness probes (`probeRows`) and the broadcasts of them
 * are no message any client sent through its strategy: they are left out of
 * `messages`, `rows` and every client's `receives`; the robustness checker
 * judges them.
 */
export interface HistoryView {
  /** The raw history, as recorded. */
  readonly history: History;
  /** Every client offset named by an invoke, outcome or judged stored row, in order of first appearance. */
  readonly messages: ReadonlyMap<string, MessageView>;
  /**
   * The same messages by dense id: a message's id is its position in
   * `messages`' order. With {@link HistoryView.messageIdAt} it lets a checker
   * go from an event to its message by indexing instead of two map lookups.
   */
  readonly messageById: readonly MessageView[];
  /**
   * By event index (one slot per event of `history`): the dense id (see
   * `messageById`) of the message the event is about, for invokes, outcomes
   * and judged rows that are a message; -1 for every other event (a
   * probe's row, an anonymous row, a receive, ...).
   *
   * @example
   * const id = view.messageIdAt[row]!;
   * const message = id < 0 ? undefined : view.messageById[id];
   */
  readonly messageIdAt: ArrayLike<number>;
  /** Every client named by an event or hit by a fault, in order of first appearance. */
  readonly clients: ReadonlyMap<string, ClientView>;
  /** Faults in the order they started (a heal without a start last). */
  readonly faults: readonly FaultView[];
  /** Per server offset, its rows and broadcasts (probes' included), in order of first appearance. Built on first read. */
  readonly offsets: ReadonlyMap<number, OffsetView>;
  /**
   * Every server offset a `final-read` or `receive` event names (probes'
   * included), by dense id: an offset's id is its position in order of first
   * appearance (the order of `offsets`). Checkers that keep something per
   * offset index plain or typed arrays by id instead of keeping maps keyed
   * by offset.
   */
  readonly offsetById: readonly number[];
  /**
   * By event index (one slot per event of `history`): the dense id (see
   * `offsetById`) of the server offset of a `final-read` or `receive` event;
   * -1 for every other event.
   *
   * @example
   * const id = view.offsetIdAt[receive]!;
   * view.firstRowById[id]; // the judged row holding what was received, or -1
   */
  readonly offsetIdAt: ArrayLike<number>;
  /** By offset id (see `offsetById`): its first judged row (as `rowAt`), -1 when no judged row holds it. */
  readonly firstRowById: ArrayLike<number>;
  /** Judged `final-read` rows, in history order. */
  readonly rows: readonly number[];
  /** The same rows in increasing offset order. */
  readonly rowsByOffset: readonly number[];
  /** Per stored offset, its first judged row. Built on first read (checkers use `firstRowById`). */
  readonly rowAt: ReadonlyMap<number, number>;
  /**
   * The message each judged row is, by row index: its client offset, or, for a
   * row matched by content, the message whose first attempt sent its text.
   * Built on first read (checkers use `messageIdAt`).
   */
  readonly msgOfRow: ReadonlyMap<number, string>;
  /** Judged rows that are no message: no client offset, or (matched by content) a text no client sent. */
  readonly anonymousRows: readonly number[];
  /** How many judged rows the store kept no client identity for (`match: 'content'`). */
  readonly contentRows: number;
  /** How many of those matched a message by content. */
  readonly matchedByContent: number;
  /** Texts sent as more than one message (rows holding them are matched to the first). */
  readonly ambiguousTexts: readonly string[];
  /** Whether the target has no store (what clients received stood in for it). */
  readonly noStore: boolean;
  /** Total invokes. */
  readonly attempts: number;
  /** Index of the point where every fault was healed and the target was up; -1 when the history has none. */
  readonly healedAt: number;
  /** The Node clients' ack timeout, from the `strategy` event. */
  readonly ackTimeoutMs: number | undefined;
  /** Indices of `probe` events. */
  readonly probes: readonly number[];
  /** Rows that came from robustness probes (left out of everything else). */
  readonly probeRows: readonly ProbeRow[];
  /** Indices of `target-exit` events. */
  readonly targetExits: readonly number[];
  /** The time of the last event. */
  readonly end: Millis;
}
