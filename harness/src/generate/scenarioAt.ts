import fc from 'fast-check';

/**
 * The value at fast-check path `index` (0-based) of a seeded run of
 * `arbitrary`: what `fc.check(fc.asyncProperty(arbitrary, …), { seed })`
 * hands its property on run `index`, and what `{ seed, path: String(index) }`
 * replays and shrinks from. It depends on the seed and the index only, so
 * any worker or shard that runs scenario `index` runs the same commands.
 * Costs a jump of the generator per index before it (about 0.5 µs each).
 *
 * @example
 * const scenario = scenarioAt(generatedScenario({ clients: 3, maxCommands: 15 }), 42, 7);
 */
export function scenarioAt<T>(arbitrary: fc.Arbitrary<T>, seed: number, index: number): T {
  const [value] = fc.sample(arbitrary, { seed, path: String(index), numRuns: 1 });
  if (value === undefined) throw new Error(`fast-check drew no value at path ${index}`);
  return value;
}
