import { describe, expect, it } from 'vitest';
import { compareReplay, describeReplay } from '../../src/core/compareReplay.js';
import { newRunId, scenarioMsgPrefix, withoutScenarioPrefix } from '../../src/core/msgPrefix.js';
import { repeatedVerdict, reproducedLine, type RepeatedReplay } from '../../src/core/repeatReplay.js';
import type { CampaignResult } from '../../src/core/CampaignResult.js';

describe('run prefixes', () => {
  it('differ between two runs of the same seed, and strip back to the client offset', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRunId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{6}$/);
    const [a, b] = [...ids];
    expect(scenarioMsgPrefix(42, a!, 3)).not.toBe(scenarioMsgPrefix(42, b!, 3));
    expect(withoutScenarioPrefix(`${scenarioMsgPrefix(42, a!, 3)}c0-7`)).toBe('c0-7');
    expect(withoutScenarioPrefix('s42.3.c0-7')).toBe('c0-7');
    expect(withoutScenarioPrefix('c0-7')).toBe('c0-7');
  });
});

describe('compareReplay', () => {
  const expected = [{ kind: 'duplicated', msgs: ['s1.aaaaaa.4.c0-1'] }];

  it('reproduced on the same messages when the kind comes back on the same client offset, whatever the run prefix', () => {
    const outcome = compareReplay(expected, 'invalid', [{ kind: 'duplicated', msgs: ['s1.bbbbbb.1.c0-1'] }]);
    expect(outcome).toMatchObject({ reproduced: true, sameMessages: true, missing: [], extra: [] });
    expect(describeReplay(outcome)).toBe('reproduced: duplicated came back on the same messages');
  });

  it('reproduced on other messages when the kind comes back elsewhere', () => {
    const outcome = compareReplay(expected, 'invalid', [{ kind: 'duplicated', msgs: ['c0-2'] }, { kind: 'lost', msgs: ['c1-1'] }]);
    expect(outcome).toMatchObject({ reproduced: true, sameMessages: false, extra: ['lost'] });
    expect(describeReplay(outcome)).toMatch(/other messages.*lost besides/);
  });

  it('not reproduced when the replay is valid, or finds another kind only', () => {
    expect(compareReplay(expected, 'valid', [])).toMatchObject({ reproduced: false, missing: ['duplicated'] });
    expect(describeReplay(compareReplay(expected, 'valid', []))).toMatch(/^not reproduced: .*no anomaly/);
    const other = compareReplay(expected, 'invalid', [{ kind: 'lost', msgs: ['c0-1'] }]);
    expect(other).toMatchObject({ reproduced: false, missing: ['duplicated'], extra: ['lost'] });
    expect(describeReplay(other)).toBe('not reproduced: the report found duplicated, the replay found lost but not duplicated');
  });

  it('never reproduced when the report had no anomaly to bring back', () => {
    expect(compareReplay([], 'invalid', [{ kind: 'lost', msgs: ['c0-1'] }]).reproduced).toBe(false);
  });
});

describe('repeated replays', () => {
  const run = (verdict: CampaignResult['verdict'], reproduced: boolean) =>
    ({ verdict, interrupted: false, replay: compareReplay([{ kind: 'lost', msgs: ['c0-1'] }], verdict, reproduced ? [{ kind: 'lost', msgs: ['c0-1'] }] : []) }) as CampaignResult;

  it('counts the replays that reproduced and sums the others up', () => {
    const series: RepeatedReplay = { repeat: 4, runs: [run('invalid', true), run('valid', false), run('invalid', true)], reproduced: 2, verdict: 'invalid' };
    expect(reproducedLine(series)).toBe('reproduced 2 of 4 (lost); 1 valid, 1 not run (interrupted)');
  });

  it('is invalid when any replay found an anomaly, unknown when one could not decide, else valid', () => {
    expect(repeatedVerdict([run('valid', false), run('invalid', true)])).toBe('invalid');
    expect(repeatedVerdict([run('valid', false), run('unknown', false)])).toBe('unknown');
    expect(repeatedVerdict([run('valid', false), run('valid', false)])).toBe('valid');
    expect(repeatedVerdict([])).toBe('unknown');
  });
});
