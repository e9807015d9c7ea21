/**
 * Scenario k of a seeded campaign is fast-check's value at path k: what
 * `fc.check({ seed })` runs as its k-th value, and what shrinking from path k
 * shrinks. Workers and shards draw scenarios by index, so these prove that a
 * seed and an index replay the same scenario, and that a failure found by
 * index shrinks to the counterexample (and path) a sequential fc.check finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatedScenario, type GeneratedScenario, type GeneratorOptions } from '../../src/generate/arbitraries.js';
import { CommandList, copyRanFlags } from '../../src/generate/commandList.js';
import { scenarioAt } from '../../src/generate/scenarioAt.js';
import zoo from '../../../scenarios/zoo.js';

const options: GeneratorOptions = { clients: 3, maxCommands: 15, scenario: zoo, transport: 'any' };
const text = (s: GeneratedScenario) => `${s.transport} ${[...s.commands].map(String).join(', ')}`;

/** Marks every command of a list as run, as fc.asyncModelRun does for those whose check passes. */
function runAll(commands: Iterable<unknown>): void {
  for (const command of (commands as CommandList).commands) command.hasRan = true;
}

/** A stand-in judgement of a scenario: it fails with two emits or more (shrinks to two of them). */
function fails(s: GeneratedScenario): boolean {
  return [...s.commands].filter((c) => /^emit\b/i.test(String(c))).length >= 2;
}

describe('scenario k by index', () => {
  it('is the value fc.check runs k-th with the seed, for every k (here 40 of seed 42)', async () => {
    const seen: string[] = [];
    await fc.check(fc.asyncProperty(generatedScenario(options), async (s) => void seen.push(text(s))), { seed: 42, numRuns: 40 });
    const arbitrary = generatedScenario(options);
    expect(seen.map((_, k) => text(scenarioAt(arbitrary, 42, k)))).toEqual(seen);
    expect(new Set(seen).size).toBeGreaterThan(30);
  });

  it('shrinks from path k to the same counterexample and path as a sequential fc.check', async () => {
    for (const seed of [1, 2, 3]) {
      // Sequential: fast-check runs every value from the seed and shrinks the first failing one.
      const sequential = await fc.check(
        fc.asyncProperty(generatedScenario(options), async (s) => {
          runAll(s.commands);
          return !fails(s);
        }),
        { seed },
      );
      expect(sequential.failed).toBe(true);
      expect(sequential.counterexamplePath).toContain(':');

      // By index: the first failing k, run from its own draw, then shrunk from path k with its ran flags copied.
      const arbitrary = generatedScenario(options);
      let k = 0;
      while (!fails(scenarioAt(arbitrary, seed, k))) k++;
      const found = scenarioAt(arbitrary, seed, k);
      runAll(found.commands);
      let first = true;
      const byIndex = await fc.check(
        fc.asyncProperty(generatedScenario(options), async (s) => {
          if (first) {
            first = false;
            copyRanFlags(found.commands, s.commands);
            return false;
          }
          runAll(s.commands);
          return !fails(s);
        }),
        { seed, path: String(k), numRuns: 1 },
      );
      expect(byIndex.counterexamplePath).toBe(sequential.counterexamplePath);
      expect(byIndex.counterexamplePath!.split(':')[0]).toBe(String(k));
      expect(text(byIndex.counterexample![0])).toBe(text(sequential.counterexample![0]));
      expect(String(byIndex.counterexample![0].commands)).toBe(String(sequential.counterexample![0].commands));
    }
  });

  it('refuses to copy ran flags between lists that are not the same draw', () => {
    const arbitrary = generatedScenario(options);
    const [a, b] = [0, 1].map((k) => scenarioAt(arbitrary, 42, k)) as [GeneratedScenario, GeneratedScenario];
    expect([...a.commands].length).not.toBe([...b.commands].length);
    expect(() => copyRanFlags(a.commands, b.commands)).toThrow(/same path of the same seed/);
  });
});
