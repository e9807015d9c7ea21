import type { Anomaly, Verdict } from '../checkers/Checker.js';
import { withoutScenarioPrefix } from './msgPrefix.js';

/** An anomaly as a replay compares it: its kind and its messages (client offsets). */
export interface AnomalySketch {
  kind: string;
  msgs: string[];
}

/**
 * What a replay found against what its report said: whether the same
 * anomalies came back.
 *
 * @example
 * const outcome: ReplayOutcome = {
 *   verdict: 'invalid', reproduced: true, sameMessages: true, missing: [], extra: [],
 *   expected: [{ kind: 'duplicated', msgs: ['c0-1'] }], found: [{ kind: 'duplicated', msgs: ['c0-1'] }],
 * };
 */
export interface ReplayOutcome {
  /** The verdict of the replayed scenario. */
  verdict: Verdict;
  /** Every anomaly kind of the report came back (the counterexample still fails the same way). */
  reproduced: boolean;
  /** And each of the report's anomalies came back on the same messages (offsets compared without their run prefix). */
  sameMessages: boolean;
  /** The report's anomalies. */
  expected: AnomalySketch[];
  /** The replay's anomalies. */
  found: AnomalySketch[];
  /** Kinds of the report that the replay did not find. */
  missing: string[];
  /** Kinds the replay found that the report did not name. */
  extra: string[];
}

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
