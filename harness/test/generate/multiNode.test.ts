import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import { makeTarget } from '../../src/core/makeTarget.js';
import { campaignFaultPlan } from '../../src/core/targetFaultPlan.js';
import { SetupError } from '../../src/errors/SetupError.js';
import { faultByName } from '../../src/faults/registry.js';
import { scenarioCommands } from '../../src/generate/arbitraries.js';
import { InjectCommand } from '../../src/generate/commands/InjectCommand.js';
import { MoveClientCommand } from '../../src/generate/commands/MoveClientCommand.js';
import type { ScenarioCommand } from '../../src/generate/commands/ScenarioCommand.js';
import { loadScenario } from '../../src/generate/loadScenario.js';
import { MULTI_NODE_FAMILIES } from '../../src/generate/targetFaults.js';
import type { Target, TargetNode, TargetProcess } from '../../src/target/Target.js';
import type { ProxyPool } from '../../src/toxiproxy/ProxyPool.js';
import { ROOT } from '../examples/runCli.js';

const notStarted = (): never => {
  throw new Error('not started: a plan never starts its probe');
};
const process: TargetProcess = { pid: () => undefined, isRunning: () => false, signal: () => undefined, crash: notStarted, terminate: notStarted, restart: notStarted };

/** A target as a campaign's plan sees it before it starts: what it has, nothing running. */
function probe(nodes: number, adapter?: 'redis' | 'cluster'): Target {
  const nodeList: TargetNode[] = Array.from({ length: nodes }, (_, i) => ({ name: `n${i}`, address: notStarted, process }));
  return {
    name: `probe with ${nodes} nodes`,
    start: notStarted,
    readStore: notStarted,
    stop: async () => undefined,
    process,
    database: { kind: 'sqlite', file: '/tmp/x.sqlite', busyTimeoutMs: 1000 },
    ...(nodes > 1 ? { nodes: nodeList } : {}),
    ...(adapter ? { adapter: adapter === 'cluster' ? { kind: 'cluster' } : { kind: 'redis', proxies: (): ProxyPool => notStarted() } } : {}),
  };
}

/** The commands of `count` sampled scenarios (fast-check hands out its wrappers: the command is their `cmd`). */
function sampled(options: Parameters<typeof scenarioCommands>[0], count = 80): ScenarioCommand[] {
  const lists = fc.sample(scenarioCommands(options), { numRuns: count, seed: 11 });
  return lists.flatMap((list) => [...list]).map((c) => (c as unknown as { cmd: ScenarioCommand }).cmd);
}

const multiNodeFault = (c: ScenarioCommand) => c instanceof InjectCommand && MULTI_NODE_FAMILIES.includes(faultByName(c.fault).kind);

describe('multi-node faults and moves are drawn only against targets with several nodes', () => {
  it('everything on one node plans no node or adapter family and never draws move', async () => {
    const plan = campaignFaultPlan(await loadScenario('everything'), probe(1));
    expect(plan.families.map((f) => f.family)).toEqual(['network', 'process', 'database', 'client']);
    expect(plan.scenario.weights.move).toBe(0);
    expect(plan.nodes).toBe(1);
    const commands = sampled({ clients: 3, maxCommands: 20, scenario: plan.scenario, nodes: plan.nodes });
    expect(commands.length).toBeGreaterThan(200);
    expect(commands.filter((c) => c instanceof MoveClientCommand)).toEqual([]);
    expect(commands.filter(multiNodeFault)).toEqual([]);
  });

  it('everything on three nodes with Redis draws node and adapter faults on nodes 0 to 2, and moves to every node', async () => {
    const plan = campaignFaultPlan(await loadScenario('everything'), probe(3, 'redis'));
    expect(plan.families.map((f) => f.family)).toEqual(['network', 'process', 'database', 'client', 'node', 'adapter']);
    expect(plan.families.find((f) => f.family === 'node')!.drawn).toEqual(['node-crash', 'node-restart', 'node-pause']);
    expect(plan.families.find((f) => f.family === 'adapter')!.drawn).toEqual(['adapter-partition', 'adapter-latency', 'adapter-down']);
    expect(plan.nodes).toBe(3);
    const commands = sampled({ clients: 3, maxCommands: 20, scenario: plan.scenario, nodes: plan.nodes }, 150);
    const moves = commands.filter((c): c is MoveClientCommand => c instanceof MoveClientCommand);
    expect(new Set(moves.map((m) => m.node))).toEqual(new Set([0, 1, 2]));
    const onNodes = commands.filter(multiNodeFault) as InjectCommand[];
    expect(new Set(onNodes.map((c) => c.fault))).toEqual(new Set(['node-crash', 'node-restart', 'node-pause', 'adapter-partition', 'adapter-latency', 'adapter-down']));
    const drawnNodes = new Set(onNodes.flatMap((c) => (c.params.node === undefined ? [] : [c.params.node])));
    expect(drawnNodes).toEqual(new Set([0, 1, 2]));
  });

  it('the cluster adapter has no backend to cut: node faults run, adapter faults are skipped with why', async () => {
    const plan = campaignFaultPlan(await loadScenario('everything'), probe(2, 'cluster'));
    expect(plan.families.find((f) => f.family === 'node')!.drawn).toEqual(['node-crash', 'node-restart', 'node-pause']);
    const adapter = plan.families.find((f) => f.family === 'adapter')!;
    expect(adapter.drawn).toEqual([]);
    expect(adapter.skipped[0]!.reason).toMatch(/cluster adapter of target .* has no backend to cut/);
  });

  it('node-failover and adapter-partition are refused on a single-node target, saying it needs several nodes', async () => {
    for (const name of ['node-failover', 'adapter-partition']) {
      const scenario = await loadScenario(name);
      expect(() => campaignFaultPlan(scenario, probe(1))).toThrow(SetupError);
      expect(() => campaignFaultPlan(scenario, probe(1))).toThrow(/can take none of them \(.*needs a target (with more than one node|whose nodes share an adapter)/);
    }
    const plan = campaignFaultPlan(await loadScenario('node-failover'), probe(3, 'redis'));
    // The probe stores in SQLite: node-db-down needs each node's own database proxy (PostgreSQL).
    expect(plan.scenario.faults).toEqual(['node-crash', 'node-restart', 'node-pause']);
    expect(plan.scenario.weights.move).toBeGreaterThan(0);
  });

  it('the reference target with 3 nodes and Redis (made as a campaign makes it) takes every node and adapter fault, and move', async () => {
    const place = { dataDir: '/tmp/siochaos-plan-probe', logDir: '/tmp/siochaos-plan-probe', toxiproxyUrl: 'http://127.0.0.1:8474' };
    const reference = makeTarget(resolveConfig({ seed: 1, target: { kind: 'reference', nodes: 3, adapter: 'redis' } }), place);
    const plan = campaignFaultPlan(await loadScenario('everything'), reference);
    expect(plan.nodes).toBe(3);
    expect(plan.scenario.weights.move).toBe(1);
    expect(plan.scenario.faults).toEqual(expect.arrayContaining(['node-crash', 'node-restart', 'node-pause', 'node-db-down', 'adapter-partition', 'adapter-latency', 'adapter-down', 'db-down']));
    for (const family of plan.families.filter((f) => MULTI_NODE_FAMILIES.includes(f.family))) expect(family.skipped, family.family).toEqual([]);
  });

  it('examples/cluster-chat (3 node:cluster workers, made as a campaign makes it): node faults and moves, no adapter faults', async () => {
    const clusterChat: CampaignOptions = {
      target: { kind: 'command', command: ['node', 'server.js'], cwd: path.join(ROOT, 'examples/cluster-chat'), env: { PORTS: '{ports}', DB_FILE: '{db}' }, nodes: 3, adapter: 'cluster' },
      database: { kind: 'sqlite', file: '{db}' },
      store: { kind: 'sqlite', file: '{db}', query: 'SELECT id, client_offset, content FROM messages ORDER BY id' },
    };
    const place = { dataDir: '/tmp/siochaos-plan-probe', logDir: '/tmp/siochaos-plan-probe', toxiproxyUrl: 'http://127.0.0.1:8474' };
    const plan = campaignFaultPlan(await loadScenario('everything'), makeTarget(resolveConfig({ seed: 1, ...clusterChat }), place));
    expect(plan.nodes).toBe(3);
    expect(plan.scenario.weights.move).toBe(1);
    expect(plan.families.find((f) => f.family === 'node')!.drawn).toEqual(['node-crash', 'node-restart', 'node-pause']);
    expect(plan.families.find((f) => f.family === 'adapter')!.skipped.map((s) => s.fault)).toEqual(['adapter-partition', 'adapter-latency', 'adapter-down']);
  });

  it('zoo-nodes draws its node and adapter faults and moves on three nodes, and only peer resets on one', async () => {
    const scenario = await loadScenario('zoo-nodes');
    const many = campaignFaultPlan(scenario, probe(3, 'redis'));
    expect(many.scenario.faults).toEqual(['adapter-partition', 'adapter-down', 'adapter-latency', 'node-crash', 'node-restart', 'node-pause', 'reset-peer']);
    expect(many.scenario.weights.move).toBe(2);
    const one = campaignFaultPlan(scenario, probe(1));
    expect(one.scenario.faults).toEqual(['reset-peer']);
    expect(one.scenario.weights.move).toBe(0);
  });

  it('a generator told of one node drops move even from a scenario that weighs it', () => {
    const scenario = { name: 'moves', description: 'moves', weights: { emit: 1, move: 3 } };
    expect(sampled({ clients: 2, maxCommands: 10, scenario, nodes: 1 }, 30).some((c) => c instanceof MoveClientCommand)).toBe(false);
    expect(sampled({ clients: 2, maxCommands: 10, scenario, nodes: 2 }, 30).some((c) => c instanceof MoveClientCommand)).toBe(true);
  });
});
