import type { Anomaly } from '../checkers/Checker.js';
import type { FaultStartEvent, FinalReadEvent, HistoryEvent, TargetExitEvent } from '../history/events.js';
import type { HistoryView } from '../view/HistoryView.js';
import { placeFault } from './faultPlacement.js';
import { harnessEventText } from '../history/harnessEventText.js';
import { howItEnded } from '../history/howItEnded.js';

/** What a step of a story is about. */
export type StoryStepKind =
  | 'sent'
  | 'retried'
  | 'unknown'
  | 'acked'
  | 'gave-up'
  | 'refused'
  | 'stored'
  | 'received'
  | 'shown'
  | 'fault'
  | 'healed'
  | 'connected'
  | 'disconnected'
  | 'moved'
  | 'crashed'
  | 'probe'
  | 'note';

/** One step of a message's story: one history event in words. */
export interface StoryStep {
  /** Milliseconds since the scenario started. */
  t: number;
  /** The index of the event in the history. */
  event: number;
  /** A client's name, `server` or `database` (a node's name or `adapter` for a multi-node target). */
  lane: string;
  kind: StoryStepKind;
  /** The step in words; message text appears as data, never markup. */
  text: string;
  /** Whether the checker named this event as evidence of the anomaly. */
  evidence: boolean;
}

/** What happened to one message, in short. */
export interface MessageFacts {
  msg: string;
  client?: string;
  content?: string;
  attempts: number;
  /** `server` or `local` (the emit returned) when the client considered it delivered. */
  acked?: 'server' | 'local';
  ackedAttempt?: number;
  /** Attempts whose outcome was unknown (ack timed out, connection dropped). */
  unknownOutcomes: number;
  gaveUp?: string;
  /** The server's reason, when it refused the message. */
  refused?: string;
  /** The offsets it was stored at. */
  offsets: number[];
  /** How many times each client received it. */
  receivedBy: Record<string, number>;
  /** Clients connected at the end that never received it (only when it was stored). */
  notReceivedBy: string[];
  /**
   * A multi-node target: the node its client was connected to at each attempt, in order
   * (`null`: not connected then; the emit waited for the next connection).
   */
  sentThrough?: (string | null)[];
}

/** The story of an anomaly: the facts of its messages and the steps that show what happened. */
export interface MessageStory {
  facts: MessageFacts[];
  steps: StoryStep[];
  /** Steps left out to keep the story readable (evidence is never left out). */
  omitted: number;
  /** Why there is no story, when there is none (no history, indices out of range). */
  missing?: string;
}

/** How long after a message's last event the story still shows its client's faults and reconnects. */
const STORY_TAIL_MS = 50;

/** The most steps a story shows. */
export const MAX_STORY_STEPS = 300;

/** The clients with a connection event, in order of their first, and those connected at the end. */
function clientsOfView(view: HistoryView): { all: string[]; connectedAtEnd: Set<string> } {
  const connecting = [...view.clients.values()].filter((c) => c.connections.length > 0).sort((a, b) => a.connections[0]! - b.connections[0]!);
  return { all: connecting.map((c) => c.name), connectedAtEnd: new Set(connecting.filter((c) => c.connectedAtEnd === true).map((c) => c.name)) };
}

/** How many items of a page's list a story step quotes. */
const PAGE_ITEMS_SHOWN = 12;

function q(content: string): string {
  return JSON.stringify(content.length > 60 ? `${content.slice(0, 60)}…` : content);
}

function ms(t: number): string {
  return t < 1000 ? `${Math.round(t)} ms` : `${(t / 1000).toFixed(2)} s`;
}

/**
 * Tells an anomaly's story from the scenario's view: every attempt of its
 * messages, the unknown outcomes and retries, the ack, the rows stored
 * (offsets), who received them, and the faults and reconnects of the clients
 * involved while it happened. Built from the anomaly's evidence events and
 * the view's indices of those messages, offsets, faults and clients.
 *
 * @example
 * const story = messageStory(buildView(history), anomaly);
 * story.steps.map((s) => s.text); // ['c0 sent c0-1 "hi" (attempt 1)', 'the final read found c0-1 at offset 1', …]
 */
export function messageStory(view: HistoryView, anomaly: Anomaly): MessageStory {
  const { history } = view;
  const evidence = new Set(anomaly.events.filter((i) => Number.isInteger(i) && i >= 0 && i < history.length));
  if (history.length === 0) return { facts: [], steps: [], omitted: 0, missing: 'the history of this scenario is not in the report folder' };
  if (evidence.size < anomaly.events.length) {
    return { facts: [], steps: [], omitted: 0, missing: `the anomaly points at events the history does not hold (it has ${history.length} events)` };
  }
  // A row of a store without client offsets is the message it matched by content, as a row with one is.
  const rowMsg = (i: number): string | null => view.msgOfRow.get(i) ?? (history[i] as FinalReadEvent).msg;
  const msgs = new Set(anomaly.msgs);
  const offsets = new Set(anomaly.offsets);
  for (const i of evidence) {
    const e = history[i]!;
    if ((e.type === 'invoke' || e.type === 'ok' || e.type === 'fail' || e.type === 'reject' || e.type === 'info') && msgs.size === 0) msgs.add(e.msg);
    if (e.type === 'final-read' || e.type === 'receive') offsets.add(e.offset);
    // Sent with another message's client offset: that message is part of the story.
    if (e.type === 'invoke' && e.sentAs !== undefined) msgs.add(e.sentAs);
  }
  const messageEvents = [...msgs].flatMap((msg) => view.messages.get(msg)?.events ?? []);
  for (const i of messageEvents) {
    const e = history[i]!;
    if (e.type === 'final-read') offsets.add(e.offset);
  }

  const facts = new Map<string, MessageFacts>();
  const factsOf = (msg: string): MessageFacts => {
    let f = facts.get(msg);
    if (!f) {
      f = { msg, attempts: 0, unknownOutcomes: 0, offsets: [], receivedBy: {}, notReceivedBy: [] };
      facts.set(msg, f);
    }
    return f;
  };
  for (const msg of msgs) factsOf(msg);
  const offsetToMsg = new Map<number, string>();
  const involvedClients = new Set<string>(anomaly.client ? [anomaly.client] : []);
  let windowStart = Infinity;
  let windowEnd = -Infinity;
  const widen = (t: number) => {
    windowStart = Math.min(windowStart, t);
    windowEnd = Math.max(windowEnd, t);
  };
  const firstInvoke = new Map<string, number>();
  const relevant: number[] = [];
  const rows = new Set<number>();
  for (const i of messageEvents) {
    const e = history[i]!;
    if (e.type === 'final-read') {
      rows.add(i);
    } else if ('client' in e && typeof e.client === 'string') {
      relevant.push(i);
      involvedClients.add(e.client);
      widen(e.t);
    }
  }
  for (const offset of offsets) {
    const at = view.offsets.get(offset);
    for (const i of at?.rows ?? []) rows.add(i);
    for (const i of at?.receives ?? []) {
      relevant.push(i);
      widen(history[i]!.t);
    }
  }
  for (const i of rows) {
    relevant.push(i);
    const msg = rowMsg(i);
    if (msg !== null) offsetToMsg.set((history[i] as FinalReadEvent).offset, msg);
  }
  for (const i of evidence) {
    const type = history[i]!.type;
    if (type === 'invoke' || type === 'ok' || type === 'fail' || type === 'reject' || type === 'info' || type === 'final-read' || type === 'receive') continue;
    relevant.push(i);
    widen(history[i]!.t);
  }
  if (windowStart === Infinity) {
    windowStart = 0;
    windowEnd = history.at(-1)?.t ?? 0;
  } else {
    // A little after the last step too: the disconnect that follows a cut, the heal after the ack.
    windowEnd += Math.max(STORY_TAIL_MS, (windowEnd - windowStart) * 0.1);
  }

  // Faults active while the story happened, on the clients involved or on the target; their reconnects.
  const faultStarts = new Map<number, FaultStartEvent>();
  const context: number[] = [];
  for (const f of view.faults) {
    if (f.start < 0) continue;
    const start = history[f.start] as FaultStartEvent;
    // A fault on the target (the server, a node, the adapter, the database), or on a client involved.
    if (start.t > windowEnd || (start.clients.length > 0 && !start.clients.some((c) => involvedClients.has(c)))) continue;
    faultStarts.set(start.id, start);
    // Healed before the story began: leave the pair out.
    if (f.end >= 0 && history[f.end]!.t < windowStart) continue;
    context.push(f.start, ...(f.end >= 0 ? [f.end] : []));
  }
  for (const name of involvedClients) {
    for (const i of view.clients.get(name)?.connections ?? []) {
      const t = history[i]!.t;
      if (t >= windowStart && t <= windowEnd) context.push(i);
    }
  }
  // A multi-node target: the balancer moving an involved client to another node, and a node dying.
  const moves = [...involvedClients].flatMap((name) => view.clients.get(name)?.moves ?? []);
  const nodeExits = view.targetExits.filter((i) => (history[i] as TargetExitEvent).node !== undefined);
  for (const i of [...moves, ...nodeExits]) {
    const t = history[i]!.t;
    if (t >= windowStart && t <= windowEnd) context.push(i);
  }

  const indices = [...new Set([...relevant, ...context])].sort((a, b) => a - b);
  const receivedSeen = new Map<string, number>();
  const steps: StoryStep[] = [];
  for (const i of indices) {
    const raw = history[i]!;
    const e = raw.type === 'final-read' ? { ...raw, msg: rowMsg(i) } : raw;
    const step = describeStep(e, i, evidence.has(i), { firstInvoke, offsetToMsg, receivedSeen, faultStarts });
    if (step) steps.push(step);
    collectFacts(e, factsOf, msgs, offsetToMsg, firstInvoke);
  }
  const { all, connectedAtEnd } = clientsOfView(view);
  for (const f of facts.values()) {
    f.offsets.sort((a, b) => a - b);
    if (f.offsets.length > 0) f.notReceivedBy = all.filter((c) => connectedAtEnd.has(c) && !f.receivedBy[c]);
    const invokes = (view.messages.get(f.msg)?.events ?? []).filter((i) => history[i]!.type === 'invoke');
    const through = f.client === undefined ? [] : invokes.map((i) => servingNode(view, f.client!, i));
    if (through.some((node) => node !== undefined)) f.sentThrough = through.map((node) => node ?? null);
  }
  return { facts: [...facts.values()], ...capSteps(steps) };
}

/**
 * The node `client` was connected to at event `i` (its last connect before it, unless a
 * disconnect came between); null when it was not connected; undefined when its connects
 * name no node (a single-node target).
 */
function servingNode(view: HistoryView, client: string, i: number): string | null | undefined {
  const c = view.clients.get(client);
  if (c === undefined || !c.nodes.some((n) => n !== '')) return undefined;
  let node: string | null = null;
  let connects = 0;
  for (const j of c.connections) {
    if (j > i) break;
    node = view.history[j]!.type === 'connect' ? c.nodes[connects++] || null : null;
  }
  return node;
}

function collectFacts(
  e: HistoryEvent,
  factsOf: (msg: string) => MessageFacts,
  msgs: ReadonlySet<string>,
  offsetToMsg: ReadonlyMap<number, string>,
  firstInvoke: Map<string, number>,
): void {
  switch (e.type) {
    case 'invoke': {
      const f = factsOf(e.msg);
      f.client = e.client;
      f.content = e.content;
      f.attempts = Math.max(f.attempts, e.attempt);
      if (!firstInvoke.has(e.msg)) firstInvoke.set(e.msg, e.t);
      break;
    }
    case 'ok': {
      const f = factsOf(e.msg);
      if (!f.acked) {
        f.acked = e.ack;
        f.ackedAttempt = e.attempt;
      }
      break;
    }
    case 'info':
      factsOf(e.msg).unknownOutcomes++;
      break;
    case 'fail':
      factsOf(e.msg).gaveUp = e.reason;
      break;
    case 'reject':
      factsOf(e.msg).refused ??= e.reason;
      break;
    case 'final-read':
      if (e.msg !== null && msgs.has(e.msg)) {
        const f = factsOf(e.msg);
        f.offsets.push(e.offset);
        f.content ??= e.content;
      }
      break;
    case 'receive': {
      const msg = offsetToMsg.get(e.offset);
      if (msg !== undefined && msgs.has(msg)) {
        const f = factsOf(msg);
        f.receivedBy[e.client] = (f.receivedBy[e.client] ?? 0) + 1;
      }
      break;
    }
    default:
      break;
  }
}

interface StepContext {
  firstInvoke: ReadonlyMap<string, number>;
  offsetToMsg: ReadonlyMap<number, string>;
  receivedSeen: Map<string, number>;
  faultStarts: ReadonlyMap<number, FaultStartEvent>;
}

function describeStep(e: HistoryEvent, i: number, evidence: boolean, ctx: StepContext): StoryStep | undefined {
  const step = (lane: string, kind: StoryStepKind, text: string): StoryStep => ({ t: e.t, event: i, lane, kind, text, evidence });
  switch (e.type) {
    case 'invoke':
      return e.attempt === 1
        ? step(e.client, 'sent', `${e.client} sent ${e.msg} ${q(e.content)} (attempt 1${wireName(e.sentAs)})`)
        : step(e.client, 'retried', `${e.client} re-sent ${e.msg} (attempt ${e.attempt}${wireName(e.sentAs)})`);
    case 'info':
      return step(e.client, 'unknown', `outcome of attempt ${e.attempt} of ${e.msg} unknown: ${e.reason}`);
    case 'ok': {
      if (e.ack === 'local') return step(e.client, 'acked', `${e.client}'s emit of ${e.msg} returned: delivered as far as the client knows, no server ack`);
      const first = ctx.firstInvoke.get(e.msg);
      const after = first === undefined ? '' : `, ${ms(e.t - first)} after the first attempt`;
      return step(e.client, 'acked', `the server acknowledged ${e.msg} (attempt ${e.attempt}${after})`);
    }
    case 'fail':
      return step(e.client, 'gave-up', `${e.client} gave up on ${e.msg} after attempt ${e.attempt}: ${e.reason}`);
    case 'reject':
      return step(e.client, 'refused', `the server refused ${e.msg} (attempt ${e.attempt}): ${q(e.reason)}`);
    case 'final-read':
      if (e.match === 'content') {
        return step('database', 'stored', e.msg === null
          ? `the final read found offset ${e.offset} ${q(e.content)}, a text no client sent`
          : `the final read found ${e.msg} stored at offset ${e.offset} (matched by its text)`);
      }
      return step('database', 'stored', e.msg === null
        ? `the final read found offset ${e.offset} ${q(e.content)} stored with no client offset`
        : `the final read found ${e.msg} stored at offset ${e.offset}`);
    case 'receive': {
      const key = `${e.client}\u0000${e.offset}`;
      const n = (ctx.receivedSeen.get(key) ?? 0) + 1;
      ctx.receivedSeen.set(key, n);
      const msg = ctx.offsetToMsg.get(e.offset);
      const what = msg === undefined ? `offset ${e.offset} ${q(e.content)}` : `${msg} (offset ${e.offset})`;
      return step(e.client, 'received', `${e.client} received ${what}${n > 1 ? `, for the ${ordinal(n)} time` : ''}`);
    }
    case 'page-view': {
      const shown = e.items.slice(0, PAGE_ITEMS_SHOWN).map(q).join(', ');
      const more = e.items.length > PAGE_ITEMS_SHOWN ? ` and ${e.items.length - PAGE_ITEMS_SHOWN} more` : '';
      const list = e.items.length === 0 ? 'an empty list' : `${e.items.length} item${e.items.length === 1 ? '' : 's'}: ${shown}${more}`;
      return step(e.client, 'shown', `${e.client}'s page ${e.final ? 'showed at the end' : 'showed'} ${list}`);
    }
    case 'fault-start': {
      const place = placeFault(e);
      return step(place.lanes[0] ?? 'server', 'fault', `${place.crash ? 'crash' : 'fault'}: ${e.description} (${e.fault})`);
    }
    case 'fault-end': {
      const start = ctx.faultStarts.get(e.id);
      const place = start ? placeFault(start) : undefined;
      return step(place?.lanes[0] ?? 'server', 'healed', `${place?.crash ? 'restarted' : 'healed'}: ${e.fault}${start ? ` (${start.description})` : ''}`);
    }
    case 'connect':
      return step(e.client, 'connected', `${e.client} connected${e.node ? ` to ${e.node}` : ''}${e.recovered ? ' (session recovered)' : ''} over ${e.transport}`);
    case 'client-moved':
      return step(e.client, 'moved', harnessEventText(e));
    case 'disconnect':
      return step(e.client, 'disconnected', `${e.client} disconnected: ${e.reason}`);
    case 'page-reload':
      return step(e.client, 'disconnected', `${e.client}'s page was reloaded (a new document)${e.dropped > 0 ? `, dropping ${e.dropped} unacknowledged message${e.dropped === 1 ? '' : 's'}` : ''}`);
    case 'not-reconnected':
      return step(e.client, 'disconnected', `${e.client} did not reconnect within ${ms(e.waitedMs)} after the heal`);
    case 'target-exit': {
      const how = howItEnded(e);
      const last = e.stderr.split('\n').filter((line) => line.trim()).slice(-3).join(' / ');
      return step(e.node ?? 'server', 'crashed', `${e.node ? `node ${e.node}` : 'the server'} ${how}, not stopped by siochaos${last ? `; stderr ended: ${last}` : ''}`);
    }
    case 'strategy':
      return step('server', 'note', `clients deliver with ${e.name}: ack timeout ${ms(e.ackTimeoutMs)}, ${e.retries === undefined ? 'unlimited retries' : `${e.retries} retries`}`);
    case 'probe':
      return step(e.client, 'probe', `${e.client} sent a ${e.probe} probe: ${e.event} ${e.payload} ${e.ack ? 'with' : 'without'} an ack function`);
    default:
      // The scenario's course and the harness's warnings: one line each.
      return step('server', 'note', harnessEventText(e));
  }
}

/** How a step names a message's client offset on the wire when another message had it first. */
function wireName(sentAs: string | undefined): string {
  return sentAs === undefined ? '' : `, on the wire as ${sentAs}: the client offset of an earlier message`;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function capSteps(steps: StoryStep[]): { steps: StoryStep[]; omitted: number } {
  if (steps.length <= MAX_STORY_STEPS) return { steps, omitted: 0 };
  const evidenceCount = steps.filter((s) => s.evidence).length;
  let budget = Math.max(0, MAX_STORY_STEPS - evidenceCount);
  const kept = steps.filter((s) => s.evidence || budget-- > 0);
  return { steps: kept, omitted: steps.length - kept.length };
}
