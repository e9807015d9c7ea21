import type { FaultStartEvent } from '../../history/events.js';
import { harnessEventText } from '../../history/harnessEventText.js';
import type { HistoryView } from '../../view/HistoryView.js';
import { faultNode, placeFault } from '../faultPlacement.js';
import type { NodeFacts } from '../nodeFacts.js';

/** The kinds of mark a timeline draws, as the page's script knows them. */
export const MARK_KINDS = ['invoke', 'ok', 'info', 'fail', 'receive', 'connect', 'disconnect', 'stored', 'reject', 'exit', 'probe', 'shown', 'moved'] as const;

/** A kind of mark. */
export type MarkKind = (typeof MARK_KINDS)[number];

/**
 * One mark, compact: `[t, lane, kind, event, ref, attempt]` where `lane` and
 * `kind` index {@link TimelineModel.lanes} and {@link MARK_KINDS}, `event` is
 * the history index, `ref` the message (client offset) or server offset (for
 * a connect, the node that served it; for a move, the move in words), and
 * `attempt` the attempt number (0 when none).
 */
export type Mark = [t: number, lane: number, kind: number, event: number, ref: string, attempt: number];

/** A fault as a shaded band from its start to its heal. */
export interface FaultBand {
  id: number;
  fault: string;
  /** What the band says when it differs from `fault`: a multi-node fault with its node (`adapter-partition n1`). */
  label?: string;
  kind: string;
  description: string;
  lanes: number[];
  start: number;
  /** When it was healed; absent when the history never says. */
  end?: number;
  /** A crash: its start is marked as a crash, its end as a restart. */
  crash: boolean;
  /** History indices of its start and end events. */
  events: number[];
}

/** What the page draws as a timeline. */
export interface TimelineModel {
  /** The time span the timeline shows, in ms: from just before the first client event (setup left out) to the last event. */
  start: number;
  end: number;
  lanes: { name: string; kind: 'client' | 'server' | 'node' | 'adapter' | 'database' }[];
  marks: Mark[];
  bands: FaultBand[];
  /**
   * A multi-node target only: when each node was down or paused (on its lane), and
   * which node served each connection of each client, as `[clientLane, start, end, nodeLane]`
   * (`end` null: open at the end). Absent for a single node.
   */
  nodes?: {
    outages: { lane: number; state: 'down' | 'paused'; start: number; end?: number; cause: string }[];
    connections: [clientLane: number, start: number, end: number | null, nodeLane: number][];
  };
  /** The scenario's commands, where they started (numbered as the counterexample's steps). */
  commands: { t: number; text: string }[];
  /** When the final phase (heal all, drain, read the store) began. */
  finalPhase?: number;
  /** When the store was read, and how many rows it held. */
  finalRead?: { t: number; rows: number };
  /** Events in the history, and how many marks it would take without sampling. */
  totalEvents: number;
  markableEvents: number;
  sampled: boolean;
}

/** The most marks a timeline draws, before the anomalies' own (never sampled out). */
export const DEFAULT_MARK_CAP = 5000;

function clientOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function round(t: number): number {
  return Math.round(t * 10) / 10;
}

/**
 * Lays a history out as a timeline: a lane per client, one for the server and
 * one for the database; a mark per invoke / ok / info / fail / receive /
 * (re)connect; faults as bands on the lanes they hit. For a multi-node target
 * (`nodes`), a lane per node (its outages, its faults, its exits) and one for
 * the adapter (its faults), the node behind each client connection, and a
 * mark where the balancer moved a client. Events named in `keep`
 * (the anomalies' stories) are always drawn; the rest are sampled evenly when
 * there are more than `cap`.
 *
 * @example
 * const timeline = timelineModel(buildView(history), new Set(anomaly.events));
 * timeline.marks.length <= 5000 + anomaly.events.length; // true
 */
export function timelineModel(view: HistoryView, keep: ReadonlySet<number>, cap = DEFAULT_MARK_CAP, nodes?: NodeFacts): TimelineModel {
  const { history } = view;
  const lanes: TimelineModel['lanes'] = [...view.clients.keys()].sort(clientOrder).map((name) => ({ name, kind: 'client' as const }));
  lanes.push({ name: 'server', kind: 'server' });
  if (nodes) lanes.push(...nodes.nodes.map((name) => ({ name, kind: 'node' as const })), { name: 'adapter', kind: 'adapter' });
  lanes.push({ name: 'database', kind: 'database' });
  const laneIndex = new Map(lanes.map((l, i) => [l.name, i]));
  const lane = (name: string) => laneIndex.get(name) ?? laneIndex.get('server')!;
  const kindIndex = new Map<string, number>(MARK_KINDS.map((k, i) => [k, i]));

  const candidates: Mark[] = [];
  const notable: Mark[] = [];
  const important: Mark[] = [];
  let lastT = 1;
  let firstActivity: number | undefined;
  const commands: TimelineModel['commands'] = [];
  let finalPhase: number | undefined;
  let finalRead: TimelineModel['finalRead'];
  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    if (e.t > lastT) lastT = e.t;
    if (firstActivity === undefined && e.type !== 'target-listening' && e.type !== 'browser-clients') firstActivity = e.t;
    let mark: Mark | undefined;
    switch (e.type) {
      case 'invoke':
        mark = [round(e.t), lane(e.client), kindIndex.get('invoke')!, i, e.msg, e.attempt];
        break;
      case 'ok':
      case 'info':
      case 'fail':
      case 'reject':
        mark = [round(e.t), lane(e.client), kindIndex.get(e.type)!, i, e.msg, e.attempt];
        break;
      case 'receive':
        mark = [round(e.t), lane(e.client), kindIndex.get('receive')!, i, String(e.offset), 0];
        break;
      case 'connect':
        mark = [round(e.t), lane(e.client), kindIndex.get(e.type)!, i, e.node ?? '', 0];
        break;
      case 'disconnect':
        mark = [round(e.t), lane(e.client), kindIndex.get(e.type)!, i, '', 0];
        break;
      case 'client-moved':
        // The balancer sent a client elsewhere: rare, always drawn.
        important.push([round(e.t), lane(e.client), kindIndex.get('moved')!, i, harnessEventText(e), 0]);
        break;
      case 'target-exit':
        // A server (or one node) that died on its own: always drawn, on its lane, with how it ended.
        important.push([round(e.t), lane(e.node ?? 'server'), kindIndex.get('exit')!, i, e.signal ?? `exit code ${e.code ?? '?'}`, 0]);
        break;
      case 'probe':
        mark = [round(e.t), lane(e.client), kindIndex.get('probe')!, i, e.probe, 0];
        break;
      case 'page-view':
        // What a page's list showed: one mark per change, the count of its items as the reference.
        mark = [round(e.t), lane(e.client), kindIndex.get('shown')!, i, `${e.items.length} item${e.items.length === 1 ? '' : 's'}`, 0];
        break;
      case 'final-read':
        finalRead = finalRead ? { t: finalRead.t, rows: finalRead.rows + 1 } : { t: round(e.t), rows: 1 };
        if (keep.has(i)) important.push([round(e.t), lane('database'), kindIndex.get('stored')!, i, e.msg ?? String(e.offset), 0]);
        break;
      case 'command':
        commands.push({ t: round(e.t), text: e.text });
        break;
      case 'final-phase':
        if (finalPhase === undefined) finalPhase = round(e.t);
        break;
    }
    if (!mark) continue;
    if (keep.has(i)) important.push(mark);
    else if (e.type === 'fail' || e.type === 'reject' || e.type === 'info' || e.type === 'probe' || e.type === 'connect' || e.type === 'disconnect') notable.push(mark);
    else candidates.push(mark);
  }
  // Anomalies whole; then gave-ups, refusals, unknown outcomes and reconnects (up to a quarter); then the rest, evenly.
  let budget = Math.max(0, cap - important.length);
  const notableChosen = sampleEvenly(notable, Math.min(notable.length, budget, Math.max(Math.floor(cap / 4), budget - candidates.length)));
  budget = Math.max(0, budget - notableChosen.length);
  const chosen = sampleEvenly(candidates, budget);
  const sampled = notableChosen.length < notable.length || chosen.length < candidates.length;
  const marks = [...important, ...notableChosen, ...chosen].sort((a, b) => a[3] - b[3]);
  const bands = view.faults.filter((f) => f.start >= 0).map((f): FaultBand => {
    const e = history[f.start] as FaultStartEvent;
    const place = placeFault(e);
    const node = nodes ? faultNode(e) : undefined;
    return {
      id: e.id, fault: e.fault, ...(node !== undefined ? { label: `${e.fault} ${node}` } : {}),
      kind: place.kind, description: e.description, lanes: [...new Set(place.lanes.map(lane))], start: round(e.t),
      ...(f.end >= 0 ? { end: round(history[f.end]!.t) } : {}), crash: place.crash, events: f.end >= 0 ? [f.start, f.end] : [f.start],
    };
  });
  const pad = firstActivity === undefined ? 0 : Math.max(2, (lastT - firstActivity) * 0.03);
  return {
    start: firstActivity === undefined ? 0 : Math.max(0, round(firstActivity - pad)),
    end: round(lastT),
    lanes,
    marks,
    bands,
    ...(nodes
      ? {
          nodes: {
            outages: nodes.outages.map((o) => ({ lane: lane(o.node), state: o.state, start: round(o.start), ...(o.end !== undefined ? { end: round(o.end) } : {}), cause: o.cause })),
            connections: nodes.connections.map((c): [number, number, number | null, number] => [lane(c.client), round(c.start), c.end === undefined ? null : round(c.end), lane(c.node)]),
          },
        }
      : {}),
    commands,
    ...(finalPhase !== undefined ? { finalPhase } : {}),
    ...(finalRead ? { finalRead } : {}),
    totalEvents: history.length,
    markableEvents: important.length + notable.length + candidates.length,
    sampled,
  };
}

/**
 * `n` items spread evenly over a list, first and last included.
 *
 * @example
 * sampleEvenly([1, 2, 3, 4, 5], 3); // [1, 3, 5]
 */
export function sampleEvenly<T>(items: readonly T[], n: number): T[] {
  if (n <= 0) return [];
  if (items.length <= n) return [...items];
  if (n === 1) return [items[0]!];
  const out: T[] = [];
  const step = (items.length - 1) / (n - 1);
  for (let k = 0; k < n; k++) out.push(items[Math.round(k * step)]!);
  return out;
}
