import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import type { FaultStartEvent } from '../../src/history/events.js';
import { faultNode, placeFault } from '../../src/reporters/faultPlacement.js';
import { buildReportModel } from '../../src/reporters/html/reportModel.js';
import { MARK_KINDS, timelineModel } from '../../src/reporters/html/timelineModel.js';
import { renderJunit } from '../../src/reporters/junit/renderJunit.js';
import { renderMarkdown } from '../../src/reporters/markdown/renderMarkdown.js';
import { messageStory } from '../../src/reporters/messageStory.js';
import { campaignNodeFigures, nodeFacts } from '../../src/reporters/nodeFacts.js';
import { describeTarget } from '../../src/reporters/targetWords.js';
import { buildView } from '../../src/view/buildView.js';
import { HistoryBuilder } from '../checkers/historyBuilder.js';
import { multiNodeHistory, resultsFor, validHistory, xssHistory } from './fixtures.js';

function faultStart(fault: string, params: Record<string, unknown>, description = fault): FaultStartEvent {
  return { type: 'fault-start', t: 0, id: 1, fault, params, clients: [], description };
}

describe('multi-node faults on the timeline', () => {
  it('finds the node a fault acts on from its node param (index or name) or its description', () => {
    expect(faultNode(faultStart('node-crash', { node: 1 }))).toBe('n1');
    expect(faultNode(faultStart('node-crash', { node: '2' }))).toBe('n2');
    expect(faultNode(faultStart('adapter-partition', { node: 'n3' }))).toBe('n3');
    expect(faultNode(faultStart('node-restart', {}, 'restart node n4 gracefully'))).toBe('n4');
    expect(faultNode(faultStart('adapter-down', {}, 'Redis down for every node'))).toBeUndefined();
    // Not a multi-node fault: a description naming n1 does not make it one.
    expect(faultNode(faultStart('crash', {}, 'kill n1'))).toBeUndefined();
  });

  it('places node faults on their node, adapter faults on the adapter (and the node cut from it)', () => {
    expect(placeFault({ ...faultStart('node-crash', { node: 1 }), kind: 'node' })).toEqual({ lanes: ['n1'], kind: 'node', crash: true });
    expect(placeFault({ ...faultStart('node-restart', { node: 0, delay: 500 }), kind: 'node' })).toEqual({ lanes: ['n0'], kind: 'node', crash: true });
    expect(placeFault({ ...faultStart('node-pause', { node: 2 }), kind: 'node' })).toEqual({ lanes: ['n2'], kind: 'node', crash: false });
    expect(placeFault({ ...faultStart('adapter-partition', { node: 1 }), kind: 'adapter' })).toEqual({ lanes: ['adapter', 'n1'], kind: 'adapter', crash: false });
    expect(placeFault({ ...faultStart('adapter-latency', { node: 0 }), kind: 'adapter' })).toEqual({ lanes: ['adapter', 'n0'], kind: 'adapter', crash: false });
    expect(placeFault({ ...faultStart('adapter-down', {}), kind: 'adapter' })).toEqual({ lanes: ['adapter'], kind: 'adapter', crash: false });
    // A history without kinds: told by the name.
    expect(placeFault(faultStart('node-crash', { node: '1' }))).toEqual({ lanes: ['n1'], kind: 'node', crash: true });
    expect(placeFault(faultStart('adapter-latency', { node: 'n0' }))).toEqual({ lanes: ['adapter', 'n0'], kind: 'adapter', crash: false });
    // The single-node faults stay where they were.
    expect(placeFault({ ...faultStart('crash', {}), kind: 'process' })).toEqual({ lanes: ['server'], kind: 'process', crash: true });
  });
});

describe('nodeFacts', () => {
  it('is undefined for a single-node history', () => {
    expect(nodeFacts(buildView(validHistory()))).toBeUndefined();
    expect(nodeFacts(buildView(xssHistory()))).toBeUndefined();
  });

  it("tells each node's outages, the node of every connection, the moves and the figures per node", () => {
    const facts = nodeFacts(buildView(multiNodeHistory()))!;
    expect(facts.nodes).toEqual(['n0', 'n1', 'n2']);
    expect(facts.outages.map((o) => [o.node, o.state, o.start, o.end, o.cause])).toEqual([
      ['n1', 'down', 300, 900, 'node-crash'],
      ['n2', 'paused', 1750, 1900, 'node-pause'],
      ['n0', 'down', 1800, 2000, 'exited'], // died on its own until the final phase restarted it
    ]);
    expect(facts.connections.map((c) => [c.client, c.node, c.start, c.end])).toEqual([
      ['c0', 'n0', 100, 1810],
      ['c1', 'n1', 110, 320],
      ['c2', 'n1', 120, 330],
      ['c1', 'n0', 400, 1820],
      ['c2', 'n2', 410, undefined],
      ['c0', 'n0', 2100, undefined],
      ['c1', 'n0', 2110, undefined],
    ]);
    expect(facts.moves).toHaveLength(2);
    expect(facts.figures).toEqual([
      { node: 'n0', connections: 4, recoveries: 2, handled: 3, received: 8, movedAway: 0, movedIn: 1, outages: 1, outageMs: 200, connectedAtEnd: 2 },
      { node: 'n1', connections: 2, recoveries: 0, handled: 1, received: 4, movedAway: 2, movedIn: 0, outages: 1, outageMs: 600, connectedAtEnd: 0 },
      { node: 'n2', connections: 1, recoveries: 1, handled: 1, received: 3, movedAway: 0, movedIn: 1, outages: 1, outageMs: 150, connectedAtEnd: 1 },
    ]);
  });
});

describe('node outages', () => {
  it('ends a node-restart outage after its delay when the heal comes later, and a node that exited at the next restart', () => {
    const h = new HistoryBuilder();
    h.at(100).add({ type: 'connect', client: 'c0', recovered: false, transport: 'websocket', node: 'n0' });
    h.at(200).add({ type: 'fault-start', id: 1, fault: 'node-restart', kind: 'node', params: { node: 1, delay: 300 }, clients: [], description: 'restart node n1 gracefully (SIGTERM), down for 300 ms' });
    h.at(1000).add({ type: 'fault-end', id: 1, fault: 'node-restart' });
    h.at(1100).add({ type: 'target-exit', code: null, signal: 'SIGSEGV', stderr: '', node: 'n1' });
    h.at(1200).add({ type: 'fault-start', id: 2, fault: 'node-restart', kind: 'node', params: { node: 1, delay: 0 }, clients: [], description: 'restart node n1' });
    h.at(1250).add({ type: 'fault-end', id: 2, fault: 'node-restart' });
    h.at(1300).add({ type: 'target-exit', code: 1, signal: null, stderr: '', node: 'n1' });
    h.at(1500).add({ type: 'note', phase: 'end' });
    const facts = nodeFacts(buildView(h.build()))!;
    expect(facts.outages.map((o) => [o.cause, o.start, o.end])).toEqual([
      ['node-restart', 200, 500],
      ['exited', 1100, 1250],
      ['node-restart', 1200, 1200],
      ['exited', 1300, undefined],
    ]);
    // Down to the end of the history when never back; overlapping outages counted each.
    expect(facts.figures.find((f) => f.node === 'n1')).toMatchObject({ outages: 4, outageMs: 300 + 150 + 0 + 200 });
  });
});

describe('the timeline of a multi-node scenario', () => {
  const history = multiNodeHistory();
  const model = timelineModel(buildView(history), new Set(), 5000, nodeFacts(buildView(history)));
  const laneOf = (name: string) => model.lanes.findIndex((l) => l.name === name);

  it('has a lane per node and one for the adapter, between the server and the database', () => {
    expect(model.lanes).toEqual([
      { name: 'c0', kind: 'client' }, { name: 'c1', kind: 'client' }, { name: 'c2', kind: 'client' },
      { name: 'server', kind: 'server' },
      { name: 'n0', kind: 'node' }, { name: 'n1', kind: 'node' }, { name: 'n2', kind: 'node' },
      { name: 'adapter', kind: 'adapter' },
      { name: 'database', kind: 'database' },
    ]);
  });

  it('draws node faults on their node, adapter faults on the adapter and the node cut off, each named with its node', () => {
    expect(model.bands.map((b) => [b.label ?? b.fault, b.lanes.map((l) => model.lanes[l]!.name), b.start, b.end, b.crash])).toEqual([
      ['node-crash n1', ['n1'], 300, 900, true],
      ['adapter-partition n2', ['adapter', 'n2'], 1000, 1500, false],
      ['adapter-down', ['adapter'], 1600, 1700, false],
      ['node-pause n2', ['n2'], 1750, 1900, false],
    ]);
  });

  it("shows each node's outages on its lane and its exit there", () => {
    expect(model.nodes!.outages).toEqual([
      { lane: laneOf('n1'), state: 'down', start: 300, end: 900, cause: 'node-crash' },
      { lane: laneOf('n2'), state: 'paused', start: 1750, end: 1900, cause: 'node-pause' },
      { lane: laneOf('n0'), state: 'down', start: 1800, end: 2000, cause: 'exited' },
    ]);
    const exits = model.marks.filter((m) => MARK_KINDS[m[2]] === 'exit');
    expect(exits.map((m) => [m[1], m[4]])).toEqual([[laneOf('n0'), 'exit code 1']]);
  });

  it("names the node behind each of a client's connections, and marks where the balancer moved it", () => {
    expect(model.nodes!.connections).toEqual([
      [laneOf('c0'), 100, 1810, laneOf('n0')],
      [laneOf('c1'), 110, 320, laneOf('n1')],
      [laneOf('c2'), 120, 330, laneOf('n1')],
      [laneOf('c1'), 400, 1820, laneOf('n0')],
      [laneOf('c2'), 410, null, laneOf('n2')],
      [laneOf('c0'), 2100, null, laneOf('n0')],
      [laneOf('c1'), 2110, null, laneOf('n0')],
    ]);
    const connects = model.marks.filter((m) => MARK_KINDS[m[2]] === 'connect');
    expect(connects.map((m) => `${model.lanes[m[1]]!.name}@${m[4]}`)).toEqual(['c0@n0', 'c1@n1', 'c2@n1', 'c1@n0', 'c2@n2', 'c0@n0', 'c1@n0']);
    const moves = model.marks.filter((m) => MARK_KINDS[m[2]] === 'moved');
    expect(moves.map((m) => [model.lanes[m[1]]!.name, m[0], m[4]])).toEqual([
      ['c1', 340, 'c1 moved from n1 to n0 (n1 is down)'],
      ['c2', 350, 'c2 moved from n1 to n2 (n1 is down)'],
    ]);
  });

  it('keeps the moves even when the marks are sampled', () => {
    const sampled = timelineModel(buildView(history), new Set(), 3, nodeFacts(buildView(history)));
    expect(sampled.sampled).toBe(true);
    expect(sampled.marks.filter((m) => MARK_KINDS[m[2]] === 'moved')).toHaveLength(2);
  });

  it('is as before for a single node: no node lanes, no adapter lane, no node facts', () => {
    for (const single of [validHistory(), xssHistory()]) {
      const plain = timelineModel(buildView(single), new Set());
      expect(plain.lanes.map((l) => l.kind)).not.toContain('node');
      expect(plain.lanes.map((l) => l.name).slice(-2)).toEqual(['server', 'database']);
      expect(plain.nodes).toBeUndefined();
      expect(plain.bands.every((b) => b.label === undefined)).toBe(true);
      expect(plain.marks.filter((m) => MARK_KINDS[m[2]] === 'connect').every((m) => m[4] === '')).toBe(true);
      const model = buildReportModel(resultsFor(single));
      expect(model.nodes).toBeUndefined();
      expect(model.timeline.lanes).toEqual(plain.lanes);
      expect(model.timeline.nodes).toBeUndefined();
    }
  });
});

describe('the report of a multi-node scenario', () => {
  it('carries the figures per node and a timeline with node lanes', () => {
    const model = buildReportModel(resultsFor(multiNodeHistory()));
    expect(model.nodes!.map((n) => [n.node, n.connections, n.handled, n.movedAway, n.outageMs])).toEqual([
      ['n0', 4, 3, 0, 200],
      ['n1', 2, 1, 2, 600],
      ['n2', 1, 1, 0, 150],
    ]);
    expect(model.timeline.lanes.filter((l) => l.kind === 'node' || l.kind === 'adapter').map((l) => l.name)).toEqual(['n0', 'n1', 'n2', 'adapter']);
    // The campaign's figures per node: results.json's per-scenario figures, summed.
    expect(model.campaignNodes).toEqual([
      { node: 'n0', scenarios: 1, connections: 4, handled: 3, recoveries: 2 },
      { node: 'n1', scenarios: 1, connections: 2, handled: 1, recoveries: 0 },
      { node: 'n2', scenarios: 1, connections: 1, handled: 1, recoveries: 1 },
    ]);
    expect(buildReportModel(resultsFor(validHistory())).campaignNodes).toBeUndefined();
  });

  it('sums the figures per node over the scenarios the search ran, not the shrink runs', () => {
    const figures = (nodes?: Record<string, { connections: number; handled: number; recoveries: number }>) => ({ ...(nodes ? { nodes } : {}) });
    expect(
      campaignNodeFigures([
        { phase: 'search', figures: figures({ n1: { connections: 2, handled: 5, recoveries: 1 }, n0: { connections: 1, handled: 2, recoveries: 0 } }) },
        { phase: 'search', figures: figures() },
        { phase: 'search', figures: figures({ n10: { connections: 1, handled: 1, recoveries: 1 }, n1: { connections: 3, handled: 4, recoveries: 0 } }) },
        { phase: 'shrink', figures: figures({ n0: { connections: 9, handled: 9, recoveries: 9 } }) },
      ]),
    ).toEqual([
      { node: 'n0', scenarios: 1, connections: 1, handled: 2, recoveries: 0 },
      { node: 'n1', scenarios: 2, connections: 5, handled: 9, recoveries: 1 },
      { node: 'n10', scenarios: 1, connections: 1, handled: 1, recoveries: 1 },
    ]);
    expect(campaignNodeFigures([{ phase: 'search', figures: figures() }])).toBeUndefined();
  });

  it("tells a story with the node that went down, the client's move and the node its connection went to", () => {
    const history = multiNodeHistory();
    const anomalies = checkHistory(history).anomalies;
    const duplicated = anomalies.find((a) => a.kind === 'duplicated')!;
    expect([duplicated.msgs, duplicated.offsets]).toEqual([['c1-2'], [3, 4]]);
    const story = messageStory(buildView(history), duplicated);
    expect(story.steps.filter((s) => s.kind !== 'received' && s.kind !== 'stored').map((s) => [s.lane, s.text])).toEqual([
      ['c1', 'c1 sent c1-2 "twice" (attempt 1)'],
      ['n1', 'crash: kill node n1 (SIGKILL) until healed (node-crash)'],
      ['c1', 'outcome of attempt 1 of c1-2 unknown: transport close'],
      ['c1', 'c1 disconnected: transport close'],
      ['c1', 'c1 moved from n1 to n0 (n1 is down)'],
      ['c1', 'c1 connected to n0 over websocket'],
      ['c1', 'c1 re-sent c1-2 (attempt 2)'],
      ['c1', 'the server acknowledged c1-2 (attempt 2, 140 ms after the first attempt)'],
      ['n1', 'restarted: node-crash (kill node n1 (SIGKILL) until healed)'],
    ]);
    // Its first attempt went to n1, the retry to n0, which stored it again.
    expect(story.facts.map((f) => [f.msg, f.sentThrough])).toEqual([['c1-2', ['n1', 'n0']]]);
    const missed = anomalies.find((a) => a.kind === 'missed' && a.client === 'c2')!;
    expect(missed.offsets).toEqual([5]);
    const cut = messageStory(buildView(history), missed).steps.find((s) => s.kind === 'fault' && s.text.includes('adapter-partition'))!;
    expect([cut.lane, cut.text]).toEqual(['adapter', 'fault: cut node n2 from the adapter (its proxy disabled) (adapter-partition)']);
  });

  it('says an attempt sent while its client was not connected went through no node, and nothing of nodes for one node', () => {
    const h = new HistoryBuilder();
    h.add({ type: 'connect', client: 'c0', recovered: false, transport: 'websocket', node: 'n1' });
    h.disconnect('c0');
    const m = h.send('c0', 'queued');
    h.add({ type: 'connect', client: 'c0', recovered: false, transport: 'websocket', node: 'n0' });
    h.retry(m);
    h.ok(m);
    h.store(m);
    h.store(m);
    const history = h.build();
    const story = messageStory(buildView(history), checkHistory(history).anomalies.find((a) => a.kind === 'duplicated')!);
    expect(story.facts[0]!.sentThrough).toEqual([null, 'n0']);
    const single = xssHistory();
    for (const anomaly of checkHistory(single).anomalies) expect(messageStory(buildView(single), anomaly).facts.every((f) => f.sentThrough === undefined)).toBe(true);
  });

  it('puts a node that died on its own on its lane in a story', () => {
    const history = multiNodeHistory();
    const exit = history.findIndex((e) => e.type === 'target-exit');
    const anomaly = { kind: 'target-crashed' as const, guarantee: 'target-stays-up' as const, msgs: [], offsets: [], events: [exit], description: 'n0 died' };
    const step = messageStory(buildView(history), anomaly).steps.find((s) => s.kind === 'crashed')!;
    expect([step.lane, step.text]).toEqual(['n0', 'node n0 exited with code 1, not stopped by siochaos; stderr ended: Error: Redis connection lost']);
  });

  it('lists the figures per node in summary.md, and nothing of the kind for a single node', () => {
    const md = renderMarkdown(resultsFor(multiNodeHistory()));
    expect(md).toContain('| Node | Connections | Recovered | Handled | Received | Moved away | Moved in | Down or paused |');
    expect(md).toContain('| n0 | 4 | 2 | 3 | 8 | 0 | 1 | 1× 200 ms |');
    expect(md).toContain('| n1 | 2 | 0 | 1 | 4 | 2 | 0 | 1× 600 ms |');
    expect(md).toContain('| n2 | 1 | 1 | 1 | 3 | 0 | 1 | 1× 150 ms |');
    expect(md).toContain('| Node | Scenarios | Connections | Recovered | Handled |\n|---|---:|---:|---:|---:|\n| n0 | 1 | 4 | 2 | 3 |\n| n1 | 1 | 2 | 0 | 1 |\n| n2 | 1 | 1 | 1 | 1 |');
    expect(renderMarkdown(resultsFor(validHistory()))).not.toContain('| Node |');
  });

  it("says how many nodes the target has, and its adapter, where reports name the target", () => {
    expect(describeTarget({ kind: 'reference', nodes: 3, adapter: 'redis', bugs: ['no-unique'] } as { kind: string })).toBe('reference server (3 nodes, redis adapter; bugs: no-unique)');
    expect(describeTarget({ kind: 'command', command: ['node', 'server.js'], nodes: 2 } as { kind: string })).toBe('command: node server.js (2 nodes)');
    expect(describeTarget({ kind: 'reference', nodes: 1 } as { kind: string })).toBe('reference server');
    const input = resultsFor(multiNodeHistory());
    const config = { ...input.results.config, target: { kind: 'command', command: ['node', 'server.js'], nodes: 2, adapter: 'redis-streams' } } as typeof input.results.config;
    const nodes = { ...input, results: { ...input.results, config } };
    expect(renderJunit(nodes)).toContain('<property name="nodes" value="2 nodes, redis-streams adapter"/>');
    expect(buildReportModel(nodes).config).toContainEqual({ label: 'nodes', value: '2 nodes, redis-streams adapter' });
    expect(renderJunit(input)).not.toContain('name="nodes"');
  });
});
