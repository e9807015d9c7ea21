import { nodeFigures as coreNodeFigures, type NodeFigures as CoreNodeFigures } from '../core/figures.js';
import type { FaultStartEvent } from '../history/events.js';
import type { HistoryView } from '../view/HistoryView.js';
import { faultNode, nodeFaultScope } from './faultPlacement.js';

/** A stretch of time a node was not serving: killed or restarting (`down`), or frozen (`paused`). */
export interface NodeOutage {
  node: string;
  state: 'down' | 'paused';
  start: number;
  /** When it was back; absent when the history never says. */
  end?: number;
  /** What took it out: a fault's name, or `exited` (it died on its own). */
  cause: string;
  /** The history index of the event that began it. */
  event: number;
}

/** One connection of a client, and the node that served it. */
export interface NodeConnection {
  client: string;
  node: string;
  start: number;
  /** When it ended (its disconnect); absent when it was still open at the end. */
  end?: number;
  /** The history index of its `connect`. */
  event: number;
}

/**
 * What one node did in a scenario: the scenario's own figures per node
 * (`connections`, `handled`, `recoveries`, as results.json has them) and what
 * the report adds.
 */
export interface NodeFigures extends CoreNodeFigures {
  node: string;
  /** Broadcasts clients received while connected to it. */
  received: number;
  /** Clients the balancer sent away from it, and to it. */
  movedAway: number;
  movedIn: number;
  /** How many times it was down or paused, and for how long in all (ms, to the end of the history when never back). */
  outages: number;
  outageMs: number;
  /** Clients connected to it when the history ends. */
  connectedAtEnd: number;
}

/** What a multi-node history says about its nodes. */
export interface NodeFacts {
  /** Node names, in natural order (`n0`, `n1`, ... `n10`). */
  nodes: string[];
  outages: NodeOutage[];
  connections: NodeConnection[];
  /** History indices of `client-moved` events. */
  moves: number[];
  figures: NodeFigures[];
}

function natural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** A numeric param of a fault (how long a crash or pause lasts before the fault restarts the node on its own). */
function lastsFor(e: FaultStartEvent): number | undefined {
  for (const name of ['delay', 'duration']) {
    const v = e.params[name];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  }
  return undefined;
}

/**
 * The nodes of a multi-node scenario, from its view: which node served each
 * client's connections, when each node was down or paused (its `node-*`
 * faults, and a `target-exit` naming it until a restart), the clients the
 * balancer moved, and figures per node. Undefined when the history names no
 * node (a single-node target), so reports look as they always did.
 *
 * @example
 * const facts = nodeFacts(buildView(history));
 * facts?.figures.map((f) => `${f.node}: ${f.connections} connections`);
 */
export function nodeFacts(view: HistoryView): NodeFacts | undefined {
  const { history } = view;
  const names = new Set<string>();
  const outages: NodeOutage[] = [];
  const open = new Map<number, NodeOutage>();
  const exited = new Map<string, NodeOutage>();
  const connections: NodeConnection[] = [];
  const current = new Map<string, NodeConnection>();
  const moves: number[] = [];
  const count = new Map<string, NodeFigures>();
  const figures = (node: string): NodeFigures => {
    let f = count.get(node);
    if (f === undefined) {
      names.add(node);
      count.set(node, (f = { node, connections: 0, handled: 0, recoveries: 0, received: 0, movedAway: 0, movedIn: 0, outages: 0, outageMs: 0, connectedAtEnd: 0 }));
    }
    return f;
  };
  const back = (node: string, t: number) => {
    const o = exited.get(node);
    if (o === undefined) return;
    o.end = t;
    exited.delete(node);
  };
  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    switch (e.type) {
      case 'connect': {
        const prev = current.get(e.client);
        if (prev !== undefined && prev.end === undefined) prev.end = e.t;
        current.delete(e.client);
        if (e.node === undefined) break;
        figures(e.node);
        const c: NodeConnection = { client: e.client, node: e.node, start: e.t, event: i };
        connections.push(c);
        current.set(e.client, c);
        break;
      }
      case 'disconnect': {
        const c = current.get(e.client);
        if (c !== undefined) c.end = e.t;
        current.delete(e.client);
        break;
      }
      case 'receive': {
        const c = current.get(e.client);
        if (c !== undefined) figures(c.node).received++;
        break;
      }
      case 'client-moved':
        moves.push(i);
        figures(e.from).movedAway++;
        figures(e.to).movedIn++;
        break;
      case 'target-exit':
        if (e.node !== undefined) {
          figures(e.node);
          const o: NodeOutage = { node: e.node, state: 'down', start: e.t, cause: 'exited', event: i };
          outages.push(o);
          exited.set(e.node, o);
        }
        break;
      case 'target-restarted':
        for (const node of [...exited.keys()]) back(node, e.t);
        break;
      case 'fault-start': {
        const scope = nodeFaultScope(e);
        if (scope === undefined) break;
        const node = faultNode(e);
        if (node === undefined) break;
        figures(node);
        if (scope !== 'node') break;
        const paused = /pause|freeze|stop/i.test(e.fault);
        const o: NodeOutage = { node, state: paused ? 'paused' : 'down', start: e.t, cause: e.fault, event: i };
        const lasts = lastsFor(e);
        if (lasts !== undefined) o.end = e.t + lasts;
        outages.push(o);
        open.set(e.id, o);
        break;
      }
      case 'fault-end': {
        const o = open.get(e.id);
        if (o === undefined) break;
        open.delete(e.id);
        // Back at the heal, or when the fault brought it back on its own, whichever came first.
        o.end = o.end === undefined ? e.t : Math.min(o.end, e.t);
        if (o.state === 'down') back(o.node, e.t);
        break;
      }
      default:
        break;
    }
  }
  if (names.size === 0) return undefined;
  for (const [node, f] of Object.entries(coreNodeFigures(view) ?? {})) Object.assign(figures(node), f);
  const end = view.end;
  for (const o of outages) {
    const f = figures(o.node);
    f.outages++;
    f.outageMs += Math.max(0, Math.min(o.end ?? end, end) - o.start);
  }
  for (const c of current.values()) figures(c.node).connectedAtEnd++;
  const nodes = [...names].sort(natural);
  return { nodes, outages, connections, moves, figures: nodes.map((n) => count.get(n)!) };
}

/** One node's figures summed over a campaign's scenarios. */
export interface CampaignNodeFigures extends CoreNodeFigures {
  node: string;
  /** In how many scenarios it served a connection. */
  scenarios: number;
}

/**
 * A multi-node campaign's figures per node: each scenario's (results.json's
 * `scenarios[].figures.nodes`) summed over the scenarios the search ran
 * (shrink runs replay those); undefined when no scenario names a node.
 *
 * @example
 * campaignNodeFigures(results.scenarios ?? [])?.map((n) => `${n.node}: ${n.handled} handled`);
 */
export function campaignNodeFigures(scenarios: readonly { phase: string; figures: { nodes?: Record<string, CoreNodeFigures> } }[]): CampaignNodeFigures[] | undefined {
  const sums = new Map<string, CampaignNodeFigures>();
  for (const s of scenarios) {
    if (s.phase !== 'search') continue;
    for (const [node, f] of Object.entries(s.figures.nodes ?? {})) {
      let sum = sums.get(node);
      if (sum === undefined) sums.set(node, (sum = { node, scenarios: 0, connections: 0, handled: 0, recoveries: 0 }));
      sum.scenarios++;
      sum.connections += f.connections;
      sum.handled += f.handled;
      sum.recoveries += f.recoveries;
    }
  }
  return sums.size ? [...sums.values()].sort((a, b) => natural(a.node, b.node)) : undefined;
}
