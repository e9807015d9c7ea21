/**
 * The zoo scenario and the generator features it relies on: the targeted
 * command kinds and per-fault weights, as pure draws (no processes); the
 * multi-node zoo scenario likewise, drawn for three nodes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import zoo from '../../../scenarios/zoo.js';
import zooNodes from '../../../scenarios/zoo-nodes.js';
import { scenarioCommands } from '../../src/generate/arbitraries.js';
import { AwayWhileOthersSendCommand } from '../../src/generate/commands/AwayWhileOthersSendCommand.js';
import type { ScenarioCommand } from '../../src/generate/commands/ScenarioCommand.js';
import { validateScenario } from '../../src/generate/loadScenario.js';
import { initialModel, MAX_ACTIVE_FAULTS } from '../../src/generate/Model.js';
import type { ScenarioDefinition } from '../../src/generate/ScenarioDefinition.js';

/** The names of the commands of `count` generated scenarios, e.g. `CrashAtEmit`. */
function drawnNames(scenario: ScenarioDefinition, count: number): string[] {
  const samples = fc.sample(scenarioCommands({ clients: 3, maxCommands: 15, scenario }), { seed: 42, numRuns: count });
  return samples.flatMap((commands) => [...(commands as Iterable<ScenarioCommand>)].map((c) => c.toString()));
}

describe('the zoo scenario', () => {
  it('is a valid scenario', () => {
    expect(validateScenario(zoo)).toBe(zoo);
  });

  it('draws every command kind it weighs, the targeted ones included', () => {
    const names = drawnNames(zoo, 200).map((c) => c.replace(/\(.*$/, ''));
    for (const name of ['Emit', 'EmitBurst', 'CutAckDownstream', 'Inject', 'EmitDuring', 'CrashAtEmit', 'AwayWhileOthersSend', 'Heal']) {
      expect(names, name).toContain(name);
    }
  });

  it('crashes only at failpoints every chat target reaches, and sends clients away both ways', () => {
    const names = drawnNames(zoo, 200);
    const points = new Set(names.flatMap((c) => /^CrashAtEmit\(c\d, ([\w-]+)/.exec(c)?.slice(1) ?? []));
    expect([...points].sort()).toEqual(['after-insert-before-ack', 'before-insert']);
    const modes = new Set(names.flatMap((c) => /^AwayWhileOthersSend\(c\d, (\w+)/.exec(c)?.slice(1) ?? []));
    expect([...modes].sort()).toEqual(['cut', 'leave']);
  });

  it('crashes after the insert about twice as often as before it', () => {
    const names = drawnNames(zoo, 400);
    const after = names.filter((c) => c.startsWith('CrashAtEmit(') && c.includes('after-insert-before-ack')).length;
    const before = names.filter((c) => c.startsWith('CrashAtEmit(') && c.includes('before-insert,')).length;
    expect(after).toBeGreaterThan(1.4 * before);
    expect(before).toBeGreaterThan(0);
  });

  it('sends a client away under any fault, after healing it', () => {
    const model = { ...initialModel(3), activeFaults: MAX_ACTIVE_FAULTS, targetFaultActive: true };
    expect(new AwayWhileOthersSendCommand(1, 'cut', 1).check(model)).toBe(true);
    expect(new AwayWhileOthersSendCommand(3, 'cut', 1).check(model)).toBe(false);
  });
});

describe('fault weights', () => {
  const base: ScenarioDefinition = { name: 'weights', description: 'test', weights: { inject: 1 }, faults: ['latency', 'restart'] };

  it('draw a fault in proportion to its weight, and never one weighed 0', () => {
    const count = (scenario: ScenarioDefinition, fault: string) => drawnNames(scenario, 100).filter((c) => c.startsWith(`Inject(${fault},`)).length;
    const heavy = { ...base, faultWeights: { latency: 9 } };
    expect(count(heavy, 'latency')).toBeGreaterThan(4 * count(heavy, 'restart'));
    expect(count({ ...base, faultWeights: { restart: 0 } }, 'restart')).toBe(0);
  });

  it('are checked: a weight for a fault not listed, or not a whole number, says what to do', () => {
    expect(() => validateScenario({ ...base, faultWeights: { crash: 2 } })).toThrow(/faultWeights names crash, which is not in faults \(nor in its families\): add it/);
    expect(() => validateScenario({ ...base, faultWeights: { latency: 1.5 } })).toThrow(/fault weight of latency must be a whole number/);
    expect(() => validateScenario({ ...base, faultWeights: { latency: 0, restart: 0 } })).toThrow(/weighs "inject" but lists no faults to draw/);
  });

  it('emit-during, like inject, needs faults to draw', () => {
    expect(() => validateScenario({ name: 'x', description: 'x', weights: { 'emit-during': 1 } })).toThrow(/weighs "emit-during" but lists no faults/);
    expect(() => fc.sample(scenarioCommands({ clients: 2, maxCommands: 5, scenario: { name: 'x', description: 'x', weights: { 'emit-during': 1 } } }), 1)).toThrow(
      /weighs "emit-during" but lists no faults/,
    );
  });
});

describe('the zoo-nodes scenario', () => {
  /** The commands of `count` scenarios generated for a target of three nodes. */
  const nodeNames = (count: number): string[] =>
    fc
      .sample(scenarioCommands({ clients: 3, maxCommands: 15, scenario: zooNodes, nodes: 3 }), { seed: 42, numRuns: count })
      .flatMap((commands) => [...(commands as Iterable<ScenarioCommand>)].map((c) => c.toString()));

  it('is a valid scenario', () => {
    expect(validateScenario(zooNodes)).toBe(zooNodes);
  });

  it('draws every command kind it weighs on three nodes, moves and crashes at a failpoint included', () => {
    const names = nodeNames(200).map((c) => c.replace(/\(.*$/, ''));
    for (const name of ['Emit', 'EmitBurst', 'Inject', 'EmitDuring', 'CrashAtEmit', 'AwayWhileOthersSend', 'MoveClient', 'Heal', 'Wait']) {
      expect(names, name).toContain(name);
    }
  });

  it('cuts a node from the adapter and takes nodes down, on every node', () => {
    const names = nodeNames(300);
    for (const fault of ['adapter-partition', 'adapter-down', 'node-crash', 'node-restart']) {
      expect(names.some((c) => c.includes(`${fault}`)), fault).toBe(true);
    }
    const nodes = new Set(names.flatMap((c) => /(?:adapter-partition|node-crash|node-restart), target, node=(\d)/.exec(c)?.slice(1) ?? []));
    expect([...nodes].sort()).toEqual(['0', '1', '2']);
  });
});
