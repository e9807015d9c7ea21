import type { Anomaly, Verdict } from '../checkers/Checker.js';
import type { AnomalySketch, ReplayOutcome } from '../model/results.js';
import { withoutScenarioPrefix } from './msgPrefix.js';

export type { AnomalySketch, ReplayOutcome } from '../model/results.js';

const key = (a: AnomalySketch): string => `${a.kind}:${a.msgs.map(withoutScenarioPrefix).sort().join(',')}`;

/**
 * Compares the anomalies a replay found with those of the report it replays.
 * It reproduced when the report had anomalies and every kind of them came
 * back; `sameMessages` says whether they hit the same messages too (a timing
 * anomaly may come back on a neighbouring message).
 *
 * @example
 * compareReplay([{ kind: 'duplicated', msgs: ['c0-1'] }], 'valid', []).reproduced; // false
 */
export function compareReplay(expected: readonly AnomalySketch[], verdict: Verdict, found: readonly Anomaly[] | readonly AnomalySketch[]): ReplayOutcome {
  const sketches = found.map((a) => ({ kind: a.kind, msgs: [...a.msgs] }));
  const foundKinds = new Set(sketches.map((a) => a.kind));
  const expectedKinds = new Set(expected.map((a) => a.kind));
  const missing = [...expectedKinds].filter((kind) => !foundKinds.has(kind));
  const extra = [...foundKinds].filter((kind) => !expectedKinds.has(kind));
  const foundKeys = new Set(sketches.map(key));
  const reproduced = expected.length > 0 && verdict === 'invalid' && missing.length === 0;
  return {
    verdict,
    reproduced,
    sameMessages: reproduced && expected.every((a) => foundKeys.has(key(a))),
    expected: expected.map((a) => ({ kind: a.kind, msgs: [...a.msgs] })),
    found: sketches,
    missing,
    extra,
  };
}

/**
 * One line saying what a replay found compared with its report.
 *
 * @example
 * describeReplay(outcome); // 'reproduced: duplicated came back on the same messages'
 */
export function describeReplay(outcome: ReplayOutcome): string {
  const kinds = (list: readonly string[]) => list.join(', ');
  const expectedKinds = kinds([...new Set(outcome.expected.map((a) => a.kind))]);
  if (outcome.reproduced) {
    const where = outcome.sameMessages ? 'on the same messages' : 'on other messages than the report';
    return `reproduced: ${expectedKinds} came back ${where}${outcome.extra.length ? `, with ${kinds(outcome.extra)} besides` : ''}`;
  }
  if (outcome.verdict === 'valid') return `not reproduced: the report found ${expectedKinds}, the replay found no anomaly`;
  if (outcome.verdict === 'unknown') return `not reproduced: the replay could not decide (the report found ${expectedKinds})`;
  return `not reproduced: the report found ${expectedKinds}, the replay found ${kinds(outcome.extra.length ? outcome.extra : [...new Set(outcome.found.map((a) => a.kind))])} but not ${kinds(outcome.missing)}`;
}
