import { describe, expect, it } from 'vitest';
import { reproductionSentence } from '../../src/reporters/reproductionWords.js';

describe('the reproduction sentence', () => {
  it('says how often the counterexample failed the same way, and how shrinking judged', () => {
    expect(reproductionSentence({ failures: 3, tries: 3 }, undefined)).toBe('It failed with the same anomalies in 3 of 3 runs.');
    expect(reproductionSentence({ failures: 1, tries: 3 }, { tries: 3, failures: 1 })).toBe(
      'It failed with the same anomalies in 1 of 3 runs (a timing-dependent failure); shrinking kept a smaller scenario when it failed in 1 of 3 tries.',
    );
    expect(reproductionSentence(undefined, { tries: 3, failures: 1 })).toBe('');
  });
});
