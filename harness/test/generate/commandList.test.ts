import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/generate/World.js';
import { commandArbitraries, commandsReplayPath, type GeneratorOptions } from '../../src/generate/arbitraries.js';
import { ScenarioCommandsArbitrary } from '../../src/generate/commandList.js';
import type { ScenarioCommand } from '../../src/generate/commands/ScenarioCommand.js';
import { WaitCommand } from '../../src/generate/commands/WaitCommand.js';
import { loadScenario } from '../../src/generate/loadScenario.js';
import type { ScenarioModel } from '../../src/generate/Model.js';
import { initialModel } from '../../src/generate/Model.js';
import zoo from '../../../scenarios/zoo.js';

describe('the scenario command arbitrary draws what fc.commands drew', () => {
  const cases: [string, GeneratorOptions][] = [
    ['default, 15 commands', { clients: 3, maxCommands: 15 }],
    ['zoo, 15 commands', { clients: 3, maxCommands: 15, scenario: zoo }],
    ['mid-emit-cut, 8 commands', { clients: 2, maxCommands: 8 }],
    ['default, 200 commands (past the size cap)', { clients: 2, maxCommands: 200 }],
  ];
  it.each(cases)('%s: the same commands for the same seeds', async (_name, options) => {
    const ours = new ScenarioCommandsArbitrary(commandArbitraries(options), options.maxCommands);
    const theirs = fc.commands(commandArbitraries(options), { maxCommands: options.maxCommands, size: '+1' });
    for (let seed = 1; seed <= 25; seed++) {
      const a = fc.sample(ours, { seed, numRuns: 3 }).map((list) => [...list].map(String));
      const b = fc.sample(theirs, { seed, numRuns: 3 }).map((list) => [...list].map(String));
      expect(a).toEqual(b);
    }
  });

  it('the everything scenario too (its faults chosen for the reference server)', async () => {
    const everything = { ...(await loadScenario('everything')), families: undefined, faults: ['latency', 'crash', 'sqlite-stall', 'client-leave'] };
    const options = { clients: 2, maxCommands: 8, scenario: everything };
    const ours = new ScenarioCommandsArbitrary(commandArbitraries(options), 8);
    const theirs = fc.commands(commandArbitraries(options), { maxCommands: 8, size: '+1' });
    expect(fc.sample(ours, { seed: 100, numRuns: 20 }).map((l) => [...l].map(String))).toEqual(
      fc.sample(theirs, { seed: 100, numRuns: 20 }).map((l) => [...l].map(String)),
    );
  });
});

/** A command that does nothing but say its name; the property below fails when `A` ran before `B`. */
class Named implements ScenarioCommand {
  constructor(readonly name: string) {}
  check(): boolean {
    return true;
  }
  async run(): Promise<void> {}
  toString(): string {
    return this.name;
  }
}

const world = { signal: new AbortController().signal, recorder: { record: () => undefined } } as unknown as World;
const setup = () => ({ model: initialModel(2) as ScenarioModel, real: world });
const noise = ['n1', 'n2', 'n3', 'n4', 'A', 'B'].map((name) => fc.constant<ScenarioCommand>(new Named(name)));
const waits = fc.integer({ min: 0, max: 3 }).map((ms) => new WaitCommand(ms) as ScenarioCommand);

/** Whether A ran and B ran after it: the "bug" of these tests. */
function failsOn(commands: Iterable<ScenarioCommand>): boolean {
  const names = [...commands].map(String);
  const a = names.indexOf('A');
  return a >= 0 && names.indexOf('B', a + 1) > a;
}

describe('shrinking a command list', () => {
  it('tries the list without its Waits first, and ends at the two commands that matter', async () => {
    const tried: string[][] = [];
    const property = fc.asyncProperty(new ScenarioCommandsArbitrary([...noise, waits, waits, waits], 20), async (commands) => {
      tried.push([...commands].map(String));
      await fc.asyncModelRun(setup, commands);
      return !failsOn(commands);
    });
    const details = await fc.check(property, { seed: 7, numRuns: 200 });
    expect(details.failed).toBe(true);
    const first = details.numRuns - 1;
    const original = tried[first]!;
    expect(original.some((c) => c.startsWith('Wait'))).toBe(true);
    expect(tried[first + 1], 'the first shrink candidate is the list without its Waits').toEqual(original.filter((c) => !c.startsWith('Wait')));
    expect([...details.counterexample![0]].map(String)).toEqual(['A', 'B']);
  });

  it('replays the same shrink from the seed, the path and the record of what ran', async () => {
    const run = async (path?: string, record?: string) => {
      const property = fc.asyncProperty(new ScenarioCommandsArbitrary([...noise, waits], 20, record), async (commands) => {
        await fc.asyncModelRun(setup, commands);
        return !failsOn(commands);
      });
      return fc.check(property, { seed: 11, numRuns: 200, ...(path ? { path, endOnFailure: true } : {}) });
    };
    const first = await run();
    const shrunk = String(first.counterexample![0]);
    const record = commandsReplayPath(shrunk);
    expect(record).toMatch(/^\d+(\.\d+)*$/);
    const replayed = await run(first.counterexamplePath!, record);
    expect(replayed.numRuns).toBe(1);
    expect([...replayed.counterexample![0]].map(String)).toEqual([...first.counterexample![0]].map(String));
  });
});
