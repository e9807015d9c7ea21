import { z } from 'zod';
import { faultKindSchema } from './faultKind.js';

/**
 * The history: append-only events recorded during a scenario, judged afterwards
 * by the checkers. Every event carries `t`, milliseconds since the scenario
 * started, and `type`, its discriminant. Every fact the harness records is an
 * event type of its own; a `note` is a free-form line for people, which no
 * code reads back.
 *
 * A message is identified by its client offset (`msg`): unique per message,
 * across reconnects and across clients. `seq` is the message's position in its
 * client's send order (1, 2, 3, ...), fixed at its first attempt.
 *
 * This file is the one definition of the history's events: the TypeScript
 * types are inferred from it, and the JSON Schema of a history.jsonl line is
 * generated from {@link historyEventSchema}.
 */

const millis = z.number().describe('Milliseconds since the scenario started.');
const client = z.string().describe('The client, e.g. `c0`.');
const msg = z.string().describe('The message\'s client offset, e.g. `c0-3`.');
const attempt = z.number().int().describe('1 for the first attempt, 2 for the first retry, ...');

/** Milliseconds since the scenario started. */
export type Millis = number;

// ---------------------------------------------------------------- client operations

export const invokeEventSchema = z
  .object({
    type: z.literal('invoke'),
    t: millis,
    client,
    msg,
    seq: z.number().int().describe("The message's position in its client's send order (1, 2, 3, ...)."),
    content: z.string(),
    attempt,
    sentAs: z
      .string()
      .optional()
      .describe(
        "The client offset on the wire, when it is not `msg`: a page sent this message with a client offset another message already had (the history's `msg` then tells the two apart, e.g. `undefined-0~2`).",
      ),
  })
  .describe('A client emitted (or re-emitted) a message: one event per attempt.');
/** A client emitted (or re-emitted) a message: one event per attempt. */
export type InvokeEvent = z.infer<typeof invokeEventSchema>;

export const okEventSchema = z
  .object({
    type: z.literal('ok'),
    t: millis,
    client,
    msg,
    attempt,
    ack: z.enum(['server', 'local']).describe("`server`: the server's positive ack; `local`: the emit returned (`at-most-once`)."),
  })
  .describe('The client considers the message delivered.');
/**
 * The client considers the message delivered. For acknowledging strategies this
 * is the server's positive ack; for `at-most-once` it is the emit returning
 * (`ack: 'local'`), because that is all such a client ever knows.
 */
export type OkEvent = z.infer<typeof okEventSchema>;

export const failEventSchema = z
  .object({
    type: z.literal('fail'),
    t: millis,
    client,
    msg,
    attempt,
    reason: z.string(),
    cause: z
      .enum(['client-left', 'page-reloaded'])
      .optional()
      .describe(
        '`client-left`: the client left for good (see `client-departed`) with the message still queued; `page-reloaded`: the page was reloaded with the message not acknowledged, or typed and never put on the wire. Not storing it then breaks no guarantee of the server.',
      ),
  })
  .describe('The client gave up on the message for good: it will not retry.');
/**
 * The client gave up on the message for good: it will not retry. `cause`
 * `client-left`: the client went away for good (a `client-departed` event) with
 * the message still queued. Not storing it then breaks no guarantee of the server.
 * `page-reloaded`: the page was reloaded (a `Reload` command) with the
 * message not acknowledged, or typed and never put on the wire; the new
 * document does not send it again. Not storing it breaks no guarantee either.
 */
export type FailEvent = z.infer<typeof failEventSchema>;

export const rejectEventSchema = z
  .object({
    type: z.literal('reject'),
    t: millis,
    client,
    msg,
    attempt,
    reason: z.string().describe("The server's reason, as it gave it (see `refusalReason`)."),
  })
  .describe('The target refused the message: it answered the attempt with a negative ack.');
/**
 * The target refused the message: it answered the attempt with a negative ack
 * (what the protocol's `isPositiveAck` says is not positive, e.g. `{ error }`
 * or `{ ok: false }`). Unlike a `fail`, the client did not give up: the server
 * said no, and `reason` is what it gave as the reason. The client does not
 * retry a refused message.
 */
export type RejectEvent = z.infer<typeof rejectEventSchema>;

export const infoEventSchema = z
  .object({ type: z.literal('info'), t: millis, client, msg, attempt, reason: z.string() })
  .describe('The outcome of an attempt is unknown: the final read decides.');
/**
 * The outcome of an attempt is unknown (an ack timed out, the connection
 * dropped with the packet in flight). The message may or may not be stored;
 * the final read decides.
 */
export type InfoEvent = z.infer<typeof infoEventSchema>;

// ---------------------------------------------------------------- faults

export const faultStartEventSchema = z
  .object({
    type: z.literal('fault-start'),
    t: millis,
    id: z.number().int().describe('Pairs it with its `fault-end`.'),
    fault: z.string().describe("The fault's name, e.g. `reset-peer`."),
    kind: faultKindSchema.optional().describe("The fault's family."),
    params: z.record(z.string(), z.unknown()),
    clients: z.array(z.string()).describe('The clients it hits; empty when it hits the target itself.'),
    description: z.string(),
  })
  .describe('A fault was injected.');
/** A fault was injected. `id` pairs it with its `fault-end`. */
export type FaultStartEvent = z.infer<typeof faultStartEventSchema>;

export const faultEndEventSchema = z
  .object({ type: z.literal('fault-end'), t: millis, id: z.number().int(), fault: z.string() })
  .describe('A fault was healed.');
/** A fault was healed. */
export type FaultEndEvent = z.infer<typeof faultEndEventSchema>;

export const faultSkippedEventSchema = z
  .object({
    type: z.literal('fault-skipped'),
    t: millis,
    fault: z.string().describe("The fault's name."),
    reason: z.string().describe('Why it could not act on this target, e.g. what the target lacks.'),
  })
  .describe('A command wanted a fault that cannot act on this target, so it did nothing.');
/**
 * A command wanted a fault that cannot act on this scenario's target (its
 * `unavailableReason`), so it did nothing. The campaign lists skipped faults,
 * with why, in its report.
 */
export type FaultSkippedEvent = z.infer<typeof faultSkippedEventSchema>;

export const clientDepartedEventSchema = z
  .object({
    type: z.literal('client-departed'),
    t: millis,
    client,
    fault: z.string().describe('The fault that removed it, e.g. `client-leave`.'),
    id: z.number().int().describe("The id of that fault's `fault-start`."),
  })
  .describe('A client left for good: it is not waited for, and what it still had queued is given up.');
/**
 * A client left for good (a fault that removes clients, e.g. `client-leave`),
 * recorded when it leaves. The final phase does not wait for it, and gives up
 * the messages it still had queued (`fail` with cause `client-left`).
 */
export type ClientDepartedEvent = z.infer<typeof clientDepartedEventSchema>;

export const clientMovedEventSchema = z
  .object({
    type: z.literal('client-moved'),
    t: millis,
    client,
    from: z.string().describe('The node it was sent to before (`n0`, `n1`, ...).'),
    to: z.string().describe('The node its connections go to from now on.'),
    cause: z
      .enum(['command', 'failover', 'roaming'])
      .describe('A move command; its node went down (the balancer sends it elsewhere); or a balancer without sticky sessions picked another node.'),
  })
  .describe("The load balancer in front of a multi-node target sends a client's connections to another node; its open connections are dropped.");
/**
 * The load balancer in front of a multi-node target sends a client's
 * connections to another node (its proxy's upstream was re-pointed, which
 * drops its open connections, as a failover behind a balancer does).
 */
export type ClientMovedEvent = z.infer<typeof clientMovedEventSchema>;

// ---------------------------------------------------------------- clients

export const receiveEventSchema = z
  .object({
    type: z.literal('receive'),
    t: millis,
    client,
    offset: z.number().describe("The server offset the target attached (the stored row's id)."),
    content: z.string(),
  })
  .describe('A client received a broadcast (live or catch-up).');
/** A client received a broadcast (live or catch-up). */
export type ReceiveEvent = z.infer<typeof receiveEventSchema>;

export const pageViewEventSchema = z
  .object({
    type: z.literal('page-view'),
    t: millis,
    client,
    items: z.array(z.string()),
    final: z.boolean().optional().describe('The read at the end of the scenario, the one a page is judged on.'),
  })
  .describe("What a browser client's page shows: the text of every item its `messages` selector matches, in page order.");
/**
 * What a browser client's page shows: the text of every item its `messages`
 * selector matches, in page order. Recorded whenever the list changes (a
 * MutationObserver in the page: at each receive, at a reload) and once at
 * the end of the scenario (`final`), after the clients have caught up. The
 * receive side of a page is judged on it (see `judgePageViews`).
 */
export type PageViewEvent = z.infer<typeof pageViewEventSchema>;

export const pageReloadEventSchema = z
  .object({
    type: z.literal('page-reload'),
    t: millis,
    client,
    dropped: z.number().int().describe('How many messages the reload dropped (not acknowledged, or typed and never on the wire).'),
  })
  .describe("A browser client's page was reloaded (a `Reload` command): a new document that rebuilds its list from scratch.");
/**
 * A browser client's page was reloaded (a `Reload` command): a new document
 * that rebuilds its list from scratch, so it legitimately receives again
 * every row the old document had. The receive side judges what it receives
 * from here on afresh.
 */
export type PageReloadEvent = z.infer<typeof pageReloadEventSchema>;

export const connectEventSchema = z
  .object({
    type: z.literal('connect'),
    t: millis,
    client,
    recovered: z.boolean().describe('Whether Socket.IO connection state recovery restored the session.'),
    transport: z.string(),
    node: z.string().optional().describe('Which node served the connection, for a multi-node target (`n0`, `n1`, ...).'),
  })
  .describe("A client's connection was established.");
/** A client's connection was established. */
export type ConnectEvent = z.infer<typeof connectEventSchema>;

export const disconnectEventSchema = z
  .object({ type: z.literal('disconnect'), t: millis, client, reason: z.string() })
  .describe("A client's connection was lost or closed.");
/** A client's connection was lost or closed. */
export type DisconnectEvent = z.infer<typeof disconnectEventSchema>;

export const notReconnectedEventSchema = z
  .object({
    type: z.literal('not-reconnected'),
    t: millis,
    client,
    waitedMs: z.number().describe('How long the final phase waited for it, in ms.'),
  })
  .describe("A client that stays for the whole scenario did not reconnect within the final phase's bound.");
/**
 * A client that stays for the whole scenario did not reconnect within the
 * final phase's bound after every fault was healed. What it did receive still
 * counts; whether it missed anything cannot be judged, so the receive side is
 * `unknown` unless a later `connect` of the client shows it did come back.
 */
export type NotReconnectedEvent = z.infer<typeof notReconnectedEventSchema>;

export const receiveBufferDroppedEventSchema = z
  .object({
    type: z.literal('receive-buffer-dropped'),
    t: millis,
    client,
    packets: z.number().int().describe('How many packets were dropped.'),
  })
  .describe('Packets a client received before a CONNECT ack that never came were dropped; the next connection brings them again.');
/**
 * At a disconnect, a client dropped the packets it had received before a
 * CONNECT ack that never came (socket.io-client would otherwise deliver them
 * on the next connection, out of place); the next connection brings them again.
 */
export type ReceiveBufferDroppedEvent = z.infer<typeof receiveBufferDroppedEventSchema>;

export const badBroadcastEventSchema = z
  .object({
    type: z.literal('bad-broadcast'),
    t: millis,
    client,
    args: z.string().describe('The arguments as JSON, cut to 200 characters.'),
  })
  .describe("A client received a broadcast event the protocol cannot decode (no offset or content where it expects them).");
/**
 * A client received a broadcast event the protocol cannot decode (no server
 * offset or content where the protocol expects them); it is not a `receive`.
 */
export type BadBroadcastEvent = z.infer<typeof badBroadcastEventSchema>;

export const badSendEventSchema = z
  .object({
    type: z.literal('bad-send'),
    t: millis,
    client,
    event: z.string().describe('The send event emitted.'),
    args: z.string().describe('The arguments as JSON, cut to 200 characters.'),
  })
  .describe("A browser client's page sent the send event without a client offset, so it is not an `invoke`.");
/**
 * A browser client's page sent the protocol's send event without a client
 * offset: siochaos cannot tell which message it is, so it is not an `invoke`.
 */
export type BadSendEvent = z.infer<typeof badSendEventSchema>;

export const connectErrorEventSchema = z
  .object({
    type: z.literal('connect-error'),
    t: millis,
    client,
    data: z.string().describe("The server's CONNECT_ERROR data as JSON, cut to 200 characters."),
  })
  .describe("The server refused a browser client's page a connection (a CONNECT_ERROR packet).");
/** The server refused a browser client's page a Socket.IO connection (a CONNECT_ERROR packet). */
export type ConnectErrorEvent = z.infer<typeof connectErrorEventSchema>;

export const pageErrorEventSchema = z
  .object({
    type: z.literal('page-error'),
    t: millis,
    client,
    message: z.string().describe("The page's uncaught error, or `the page crashed`."),
  })
  .describe("A browser client's page threw an uncaught error, or crashed.");
/** A browser client's page threw an uncaught error, or crashed. */
export type PageErrorEvent = z.infer<typeof pageErrorEventSchema>;

export const pageStepFailedEventSchema = z
  .object({
    type: z.literal('page-step-failed'),
    t: millis,
    client,
    step: z
      .enum(['type', 'read-list', 'read-traffic'])
      .describe("`type`: typing a message into the page's input and submitting it; `read-list`: reading the page's list at the end; `read-traffic`: reading the page's Socket.IO traffic."),
    error: z.string().describe('What went wrong (the first line of the error).'),
  })
  .describe("siochaos could not do a step on a browser client's page.");
/**
 * siochaos could not do a step on a browser client's page: type a message
 * (then it was never sent), read the page's list at the end (then there is no
 * final `page-view`), or read its Socket.IO traffic (then events may be missing).
 */
export type PageStepFailedEvent = z.infer<typeof pageStepFailedEventSchema>;

export const strategyErrorEventSchema = z
  .object({
    type: z.literal('strategy-error'),
    t: millis,
    msg,
    error: z.string(),
  })
  .describe("A client strategy's send threw: a bug in the strategy, not in the target.");
/** A client strategy's `send` threw (rejected) for a message: a bug in the strategy, not in the target. */
export type StrategyErrorEvent = z.infer<typeof strategyErrorEventSchema>;

export const strategyEventSchema = z
  .object({
    type: z.literal('strategy'),
    t: millis,
    name: z.string().describe("The strategy's name, e.g. `queued-retry`."),
    ackTimeoutMs: z.number().describe('How long a client waits for an ack before it re-sends, in ms.'),
    retries: z.number().optional().describe('Re-sends after the first attempt; absent when unlimited.'),
  })
  .describe("How the scenario's Node clients deliver, recorded once at its start.");
/**
 * How the scenario's Node clients deliver, recorded once at its start: the
 * checkers scale their timing rules with it (e.g. `unacknowledged` needs the
 * re-sends after the heal spaced by the ack timeout). Browser clients use the
 * page's own settings, which siochaos does not know.
 */
export type StrategyEvent = z.infer<typeof strategyEventSchema>;

// ---------------------------------------------------------------- probes

export const probeKindSchema = z
  .enum(['no-ack', 'missing-offset', 'offset-wrong-type', 'content-wrong-type', 'oversized', 'unknown-event'])
  .describe('What a robustness probe sends that a handler must survive.');
/**
 * What a robustness probe sends, as real clients do, that a handler must
 * survive: an emit without an ack function, a missing or non-string client
 * offset, content of the wrong type, an oversized content, an event the
 * server does not know.
 */
export type ProbeKind = z.infer<typeof probeKindSchema>;

export const probeEventSchema = z
  .object({
    type: z.literal('probe'),
    t: millis,
    client,
    probe: probeKindSchema,
    event: z.string().describe('The event emitted.'),
    payload: z.string().describe('The arguments as JSON (long strings cut), without the ack function.'),
    ack: z.boolean().describe('Whether an ack function went with it.'),
    msg: z.string().optional().describe('The client offset it carries, when it carries one.'),
    content: z.string().optional().describe('How the content it carries starts, as a stored row would show it, when it has one.'),
    malformed: z.boolean().describe('Whether its arguments are malformed, so a row stored for it is a bad row.'),
  })
  .describe("A client sent a robustness probe: the target's send event (or an unknown one) with arguments a handler must survive.");
/**
 * A client sent a robustness probe: the target's send event (or an unknown
 * one) with arguments a handler must survive. Rows it leads to are told by
 * its client offset (`msg`) or the start of its content (`content`).
 */
export type ProbeEvent = z.infer<typeof probeEventSchema>;

export const probeSkippedEventSchema = z
  .object({
    type: z.literal('probe-skipped'),
    t: millis,
    client,
    probe: probeKindSchema,
    reason: z.enum(['not-connected', 'no-raw-arguments']).describe('`not-connected`: the client was not connected; `no-raw-arguments`: it cannot send raw arguments (a page).'),
  })
  .describe('A `Probe` command sent nothing.');
/** A `Probe` command sent nothing: its client was not connected, or cannot send raw arguments (a page). */
export type ProbeSkippedEvent = z.infer<typeof probeSkippedEventSchema>;

// ---------------------------------------------------------------- the scenario's course

export const targetListeningEventSchema = z
  .object({
    type: z.literal('target-listening'),
    t: millis,
    target: z.string().describe("The target's name."),
    host: z.string(),
    port: z.number().int(),
  })
  .describe('The target is up, listening where the proxies forward to.');
/** The scenario's target is up, listening where the clients' proxies forward to: the first event of a scenario. */
export type TargetListeningEvent = z.infer<typeof targetListeningEventSchema>;

export const browserClientsEventSchema = z
  .object({ type: z.literal('browser-clients'), t: millis, clients: z.array(z.string()) })
  .describe("Which clients are the target's own page in a browser.");
/** Which of the scenario's clients are the target's own page in Chromium (recorded at setup). */
export type BrowserClientsEvent = z.infer<typeof browserClientsEventSchema>;

export const commandEventSchema = z
  .object({
    type: z.literal('command'),
    t: millis,
    text: z.string().describe('The command as the counterexample lists it, e.g. `Emit(c0, "hi")`.'),
  })
  .describe('A scenario command began.');
/**
 * A scenario command began (reports number the steps from these, and the
 * campaign lists a scenario's commands from them).
 */
export type CommandEvent = z.infer<typeof commandEventSchema>;

export const commandSkippedEventSchema = z
  .object({
    type: z.literal('command-skipped'),
    t: millis,
    command: z.string().describe('The command, e.g. `Reload(c0)`.'),
    reason: z.string(),
  })
  .describe('A command did nothing, e.g. a page command on a Node client.');
/** A command did nothing, and why (e.g. a page command on a Node client). */
export type CommandSkippedEvent = z.infer<typeof commandSkippedEventSchema>;

export const commandFailedEventSchema = z
  .object({ type: z.literal('command-failed'), t: millis, error: z.string().describe("The error's message.") })
  .describe('A command threw: the scenario is cut short, and its verdict is at best `unknown`.');
/** A command threw (a harness error): the scenario is cut short, and its verdict is at best `unknown`. */
export type CommandFailedEvent = z.infer<typeof commandFailedEventSchema>;

export const healFailedEventSchema = z
  .object({ type: z.literal('heal-failed'), t: millis, error: z.string().describe('Which fault, and why it could not be healed.') })
  .describe('A fault could not be healed: the scenario is not judged (`unknown`).');
/** A fault could not be healed: the scenario cannot be judged, so it is `unknown`. */
export type HealFailedEvent = z.infer<typeof healFailedEventSchema>;

export const finalPhaseEventSchema = z
  .object({ type: z.literal('final-phase'), t: millis })
  .describe('The final phase began: heal all, drain, catch up, read the store.');
/** The final phase began: heal all, drain, catch up, read the store. */
export type FinalPhaseEvent = z.infer<typeof finalPhaseEventSchema>;

export const targetRestartedEventSchema = z
  .object({ type: z.literal('target-restarted'), t: millis })
  .describe('The final phase found the target down and restarted it.');
/** The final phase found the target down (a crash no command restarted) and restarted it. */
export type TargetRestartedEvent = z.infer<typeof targetRestartedEventSchema>;

export const healedEventSchema = z
  .object({ type: z.literal('healed'), t: millis })
  .describe('Every fault is healed and the target is up: what clients send after it meets no fault.');
/**
 * The final phase healed every fault and the target is up: what clients send
 * after it meets no fault (the `unacknowledged` rule counts re-sends from here).
 */
export type HealedEvent = z.infer<typeof healedEventSchema>;

export const stuckEventSchema = z
  .object({
    type: z.literal('stuck'),
    t: millis,
    clients: z
      .array(z.object({ client, msg: msg.describe('The stored message it keeps re-sending.') }))
      .describe('The clients still busy, each with the message it is stuck on.'),
    resends: z.number().int().describe('The fewest re-sends since the heal that make a client stuck.'),
    sinceHealMs: z.number().describe('Over how long since the heal, in ms.'),
  })
  .describe('Every client still draining is stuck on a stored message the target never acknowledges: the final phase stops waiting for them.');
/**
 * Every client still draining in the final phase is stuck: it re-sends, since
 * the heal, a message the store already holds and the target does not
 * acknowledge. The final phase stops waiting for them to drain.
 */
export type StuckEvent = z.infer<typeof stuckEventSchema>;

export const notDrainedEventSchema = z
  .object({
    type: z.literal('not-drained'),
    t: millis,
    clients: z.array(z.object({ client, pending: z.number().int().describe('Messages its strategy was not done with.') })),
    waitedMs: z.number().describe('The drain bound, in ms.'),
  })
  .describe('Clients still had messages in flight when the final phase stopped waiting for them to drain.');
/** Clients (not stuck) still had messages in flight when the final phase's drain bound ran out. */
export type NotDrainedEvent = z.infer<typeof notDrainedEventSchema>;

export const noStoreEventSchema = z
  .object({ type: z.literal('no-store'), t: millis })
  .describe('The target has no store to read: what clients received stands in for what it stored.');
/**
 * The target has no store siochaos can read (store kind `none`): what clients
 * received stands in for what was stored, so the send-side check is weaker (a
 * message nobody received cannot be told from one never stored).
 */
export type NoStoreEvent = z.infer<typeof noStoreEventSchema>;

export const storeScopedEventSchema = z
  .object({
    type: z.literal('store-scoped'),
    t: millis,
    prefix: z.string().describe("The scenario's client offset prefix."),
  })
  .describe("The store is shared between scenarios: only this scenario's rows (client offsets starting `prefix`) are read.");
/** The store is shared between scenarios: the final read keeps only this scenario's rows (client offsets starting `prefix`). */
export type StoreScopedEvent = z.infer<typeof storeScopedEventSchema>;

export const interruptedEventSchema = z
  .object({ type: z.literal('interrupted'), t: millis })
  .describe('The campaign was interrupted during this scenario: it is not judged.');
/** The campaign was interrupted during this scenario: what it recorded is not the whole story, so it is not judged. */
export type InterruptedEvent = z.infer<typeof interruptedEventSchema>;

// ---------------------------------------------------------------- the target and its store

export const finalReadEventSchema = z
  .object({
    type: z.literal('final-read'),
    t: millis,
    offset: z.number(),
    msg: z.string().nullable().describe('The client offset stored with the row, or null when the target stored none.'),
    content: z.string(),
    match: z
      .literal('content')
      .optional()
      .describe('`content`: the store keeps no client identity, so the checkers match this row to the message whose sent text equals its content.'),
  })
  .describe('One row of what the target stored, read once the scenario has quiesced.');
/**
 * One row of what the target stored, read once the scenario has quiesced.
 * `match: 'content'`: the store keeps no client identity (no client offset, no
 * client id and sequence), so the checkers match this row to the message whose
 * sent text equals its content (texts are unique within such a scenario); `msg` is null.
 */
export type FinalReadEvent = z.infer<typeof finalReadEventSchema>;

export const targetExitEventSchema = z
  .object({
    type: z.literal('target-exit'),
    t: millis,
    code: z.number().int().nullable().describe('The exit code, or null when a signal ended it (both null: a worker found by its port whose status nobody told).'),
    signal: z.string().nullable().describe('The signal that ended it, or null.'),
    stderr: z.string().describe('The last lines it wrote to stderr.'),
    node: z.string().optional().describe('Which node, for a multi-node target.'),
  })
  .describe("The target's process (or one node of it) ended, and siochaos did not end it.");
/**
 * The target's process (or one node of it) ended, and siochaos did not end
 * it: no crash or restart fault, no failpoint it armed, not the stop at the
 * end of the scenario. A server that dies is a finding of its own.
 */
export type TargetExitEvent = z.infer<typeof targetExitEventSchema>;

export const noteEventSchema = z
  .object({ type: z.literal('note'), t: millis, phase: z.string(), detail: z.string().optional() })
  .describe('A free-form line for people; no code reads it back.');
/**
 * A free-form line for people. No code reads a note back: every fact the
 * harness records has an event type of its own, and siochaos itself records
 * no notes; a history written by hand or by other tools may carry them.
 */
export type NoteEvent = z.infer<typeof noteEventSchema>;

/** The schema of any one event in a history (one line of history.jsonl), discriminated on `type`. */
export const historyEventSchema = z
  .discriminatedUnion('type', [
    invokeEventSchema,
    okEventSchema,
    failEventSchema,
    rejectEventSchema,
    infoEventSchema,
    faultStartEventSchema,
    faultEndEventSchema,
    faultSkippedEventSchema,
    clientDepartedEventSchema,
    clientMovedEventSchema,
    receiveEventSchema,
    pageViewEventSchema,
    pageReloadEventSchema,
    connectEventSchema,
    disconnectEventSchema,
    notReconnectedEventSchema,
    receiveBufferDroppedEventSchema,
    badBroadcastEventSchema,
    badSendEventSchema,
    connectErrorEventSchema,
    pageErrorEventSchema,
    pageStepFailedEventSchema,
    strategyErrorEventSchema,
    strategyEventSchema,
    probeEventSchema,
    probeSkippedEventSchema,
    targetListeningEventSchema,
    browserClientsEventSchema,
    commandEventSchema,
    commandSkippedEventSchema,
    commandFailedEventSchema,
    healFailedEventSchema,
    finalPhaseEventSchema,
    targetRestartedEventSchema,
    healedEventSchema,
    stuckEventSchema,
    notDrainedEventSchema,
    noStoreEventSchema,
    storeScopedEventSchema,
    interruptedEventSchema,
    finalReadEventSchema,
    targetExitEventSchema,
    noteEventSchema,
  ])
  .describe('One event of a siochaos scenario history (one line of history.jsonl).');

/** Any event in a history. */
export type HistoryEvent = z.infer<typeof historyEventSchema>;

/** The `type` of any history event. */
export type HistoryEventType = HistoryEvent['type'];

/** The schema of a whole history: events in the order they were recorded. */
export const historySchema = z.array(historyEventSchema);

/** A history as the checkers read it: events in the order they were recorded. */
export type History = readonly HistoryEvent[];
