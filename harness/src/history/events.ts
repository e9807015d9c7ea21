/**
 * The history: append-only events recorded during a scenario, judged afterwards
 * by the checkers. Every event carries `t`, milliseconds since the scenario
 * started, and `type`, its discriminant.
 *
 * A message is identified by its client offset (`msg`): unique per message,
 * across reconnects and across clients. `seq` is the message's position in its
 * client's send order (1, 2, 3, ...), fixed at its first attempt.
 */

/** Milliseconds since the scenario started. */
export type Millis = number;

/** A client emitted (or re-emitted) a message: one event per attempt. */
export interface InvokeEvent {
  type: 'invoke';
  t: Millis;
  client: string;
  msg: string;
  seq: number;
  content: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /**
   * The client offset on the wire, when it is not `msg`: a page sent this
   * message with a client offset another message already had (the history's
   * `msg` then tells the two apart, e.g. `undefined-0~2`).
   */
  sentAs?: string;
}

/**
 * The client considers the message delivered. For acknowledging strategies this
 * is the server's positive ack; for `at-most-once` it is the emit returning
 * (`ack: 'local'`), because that is all such a client ever knows.
 */
export interface OkEvent {
  type: 'ok';
  t: Millis;
  client: string;
  msg: string;
  attempt: number;
  ack: 'server' | 'local';
}

/** The client gave up on the message for good: it will not retry. */
export interface FailEvent {
  type: 'fail';
  t: Millis;
  client: string;
  msg: string;
  attempt: number;
  reason: string;
  /**
   * `client-left`: the client went away for good (a `client-left` fault) with the
   * message still queued. Not storing it then breaks no guarantee of the server.
   * `page-reloaded`: the page was reloaded (a `Reload` command) with the
   * message not acknowledged, or typed and never put on the wire; the new
   * document does not send it again. Not storing it breaks no guarantee either.
   */
  cause?: 'client-left' | 'page-reloaded';
}

/**
 * The target refused the message: it answered the attempt with a negative ack
 * (what the protocol's `isPositiveAck` says is not positive, e.g. `{ error }`
 * or `{ ok: false }`). Unlike a `fail`, the client did not give up: the server
 * said no, and `reason` is what it gave as the reason. The client does not
 * retry a refused message.
 */
export interface RejectEvent {
  type: 'reject';
  t: Millis;
  client: string;
  msg: string;
  attempt: number;
  /** The server's reason, as it gave it (see `refusalReason`). */
  reason: string;
}

/**
 * The outcome of an attempt is unknown (an ack timed out, the connection
 * dropped with the packet in flight). The message may or may not be stored;
 * the final read decides.
 */
export interface InfoEvent {
  type: 'info';
  t: Millis;
  client: string;
  msg: string;
  attempt: number;
  reason: string;
}

/** A fault was injected. `id` pairs it with its `fault-end`. */
export interface FaultStartEvent {
  type: 'fault-start';
  t: Millis;
  id: number;
  fault: string;
  /** The fault's family: network, process, database or client. */
  kind?: 'network' | 'process' | 'database' | 'client';
  params: Record<string, unknown>;
  /** The clients it hits; empty when it hits the target itself. */
  clients: string[];
  description: string;
}

/** A fault was healed. */
export interface FaultEndEvent {
  type: 'fault-end';
  t: Millis;
  id: number;
  fault: string;
}

/** A client received a broadcast (live or catch-up). */
export interface ReceiveEvent {
  type: 'receive';
  t: Millis;
  client: string;
  /** The server offset the target attached (the stored row's id). */
  offset: number;
  content: string;
}

/**
 * What a browser client's page shows: the text of every item its `messages`
 * selector matches, in page order. Recorded whenever the list changes (a
 * MutationObserver in the page: at each receive, at a reload) and once at
 * the end of the scenario (`final`), after the clients have caught up. The
 * receive side of a page is judged on it (see `judgePageViews`).
 */
export interface PageViewEvent {
  type: 'page-view';
  t: Millis;
  client: string;
  items: string[];
  /** The read at the end of the scenario, the one a page is judged on. */
  final?: boolean;
}

/**
 * A browser client's page was reloaded (a `Reload` command): a new document
 * that rebuilds its list from scratch, so it legitimately receives again
 * every row the old document had. The receive side judges what it receives
 * from here on afresh.
 */
export interface PageReloadEvent {
  type: 'page-reload';
  t: Millis;
  client: string;
  /** How many messages the reload dropped (not acknowledged, or typed and never on the wire). */
  dropped: number;
}

/** A client's connection was established. */
export interface ConnectEvent {
  type: 'connect';
  t: Millis;
  client: string;
  /** Whether Socket.IO connection state recovery restored the session. */
  recovered: boolean;
  transport: string;
}

/** A client's connection was lost or closed. */
export interface DisconnectEvent {
  type: 'disconnect';
  t: Millis;
  client: string;
  reason: string;
}

/**
 * A client that stays for the whole scenario did not reconnect within the
 * final phase's bound after every fault was healed. What it did receive still
 * counts; whether it missed anything cannot be judged, so the receive side is
 * `unknown` unless a later `connect` of the client shows it did come back.
 */
export interface NotReconnectedEvent {
  type: 'not-reconnected';
  t: Millis;
  client: string;
  /** How long the final phase waited for it, in ms. */
  waitedMs: number;
}

/**
 * How the scenario's Node clients deliver, recorded once at its start: the
 * checkers scale their timing rules with it (e.g. `unacknowledged` needs the
 * re-sends after the heal spaced by the ack timeout). Browser clients use the
 * page's own settings, which siochaos does not know.
 */
export interface StrategyEvent {
  type: 'strategy';
  t: Millis;
  /** The strategy's name, e.g. `queued-retry`. */
  name: string;
  /** How long a client waits for an ack before it re-sends, in ms. */
  ackTimeoutMs: number;
  /** Re-sends after the first attempt; absent when unlimited. */
  retries?: number;
}

/** One row of what the target stored, read once the scenario has quiesced. */
export interface FinalReadEvent {
  type: 'final-read';
  t: Millis;
  offset: number;
  /** The client offset stored with the row, or null when the target stored none. */
  msg: string | null;
  content: string;
  /**
   * `content`: the store keeps no client identity (no client offset, no client
   * id and sequence), so the checkers match this row to the message whose sent
   * text equals its content (texts are unique within such a scenario); `msg` is null.
   */
  match?: 'content';
}

/**
 * The phase of the note the final phase records once every fault is healed and
 * the target is up: what clients send after it meets no fault.
 */
export const HEALED_PHASE = 'healed';

/** A note from the harness itself: phases, target lifecycle, warnings. */
export interface NoteEvent {
  type: 'note';
  t: Millis;
  phase: string;
  detail?: string;
}

/**
 * The target's process (or one node of it) ended, and siochaos did not end
 * it: no crash or restart fault, no failpoint it armed, not the stop at the
 * end of the scenario. A server that dies is a finding of its own.
 */
export interface TargetExitEvent {
  type: 'target-exit';
  t: Millis;
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  /** The signal that ended it, or null. */
  signal: string | null;
  /** The last lines it wrote to stderr. */
  stderr: string;
  /** Which node, for a multi-node target. */
  node?: string;
}

/**
 * What a robustness probe sends, as real clients do, that a handler must
 * survive: an emit without an ack function, a missing or non-string client
 * offset, content of the wrong type, an oversized content, an event the
 * server does not know.
 */
export type ProbeKind = 'no-ack' | 'missing-offset' | 'offset-wrong-type' | 'content-wrong-type' | 'oversized' | 'unknown-event';

/**
 * A client sent a robustness probe: the target's send event (or an unknown
 * one) with arguments a handler must survive. Rows it leads to are told by
 * its client offset (`msg`) or the start of its content (`content`).
 */
export interface ProbeEvent {
  type: 'probe';
  t: Millis;
  client: string;
  probe: ProbeKind;
  /** The event emitted. */
  event: string;
  /** The arguments as JSON (long strings cut), without the ack function. */
  payload: string;
  /** Whether an ack function went with it. */
  ack: boolean;
  /** The client offset it carries, when it carries one. */
  msg?: string;
  /** How the content it carries starts, as a stored row would show it, when it has one. */
  content?: string;
  /** Whether its arguments are malformed, so a row stored for it is a bad row. */
  malformed: boolean;
}

/** Any event in a history. */
export type HistoryEvent =
  | InvokeEvent
  | OkEvent
  | FailEvent
  | RejectEvent
  | InfoEvent
  | FaultStartEvent
  | FaultEndEvent
  | ReceiveEvent
  | PageViewEvent
  | PageReloadEvent
  | ConnectEvent
  | DisconnectEvent
  | NotReconnectedEvent
  | StrategyEvent
  | FinalReadEvent
  | NoteEvent
  | TargetExitEvent
  | ProbeEvent;

/** The `type` of any history event. */
export type HistoryEventType = HistoryEvent['type'];

/** A history as the checkers read it: events in the order they were recorded. */
export type History = readonly HistoryEvent[];
