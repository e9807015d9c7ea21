import { describe, expect, it } from 'vitest';
import { evaluateCandidate, reproduce } from '../../src/core/shrink.js';

/** A candidate whose runs fail or pass as scripted; counts its runs. */
function scripted(outcomes: (boolean | undefined)[]) {
  let runs = 0;
  return {
    tryOnce: async () => outcomes[runs++],
    runs: () => runs,
  };
}

describe('a shrink candidate judged by k of n tries', () => {
  it('fails as soon as it failed k times', async () => {
    const c = scripted([false, true, true]);
    expect(await evaluateCandidate(c.tryOnce, { tries: 3, failures: 1 })).toEqual({ failed: true, tries: 2, failures: 1 });
    expect(c.runs()).toBe(2);
  });

  it('passes once k failures are out of reach, without the runs left', async () => {
    const c = scripted([false, false, true, true]);
    expect(await evaluateCandidate(c.tryOnce, { tries: 4, failures: 3 })).toEqual({ failed: false, tries: 2, failures: 0 });
    expect(c.runs()).toBe(2);
  });

  it('a race that fails one run in three still counts as failing with 1 of 3, not with a single try', async () => {
    expect((await evaluateCandidate(scripted([false, false, true]).tryOnce, { tries: 3, failures: 1 })).failed).toBe(true);
    expect((await evaluateCandidate(scripted([false, false, true]).tryOnce, { tries: 1, failures: 1 })).failed).toBe(false);
  });

  it('2 of 3: a single failure is not enough', async () => {
    expect(await evaluateCandidate(scripted([true, false, false]).tryOnce, { tries: 3, failures: 2 })).toEqual({ failed: false, tries: 3, failures: 1 });
    expect(await evaluateCandidate(scripted([true, false, true]).tryOnce, { tries: 3, failures: 2 })).toEqual({ failed: true, tries: 3, failures: 2 });
  });

  it('stops when a run cannot be made (the campaign is stopping), judged on what it saw', async () => {
    expect(await evaluateCandidate(scripted([false, undefined]).tryOnce, { tries: 3, failures: 1 })).toEqual({ failed: false, tries: 1, failures: 0 });
  });
});

describe('the reproduction rate of the final counterexample', () => {
  it('tops its runs while shrinking up to n', async () => {
    const c = scripted([false, true]);
    expect(await reproduce({ tries: 1, failures: 1 }, c.tryOnce, 3)).toEqual({ failures: 2, tries: 3 });
    expect(c.runs()).toBe(2);
  });

  it('runs nothing more when it had n runs already', async () => {
    const c = scripted([true]);
    expect(await reproduce({ tries: 3, failures: 2 }, c.tryOnce, 3)).toEqual({ failures: 2, tries: 3 });
    expect(c.runs()).toBe(0);
  });
});
