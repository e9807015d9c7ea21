import type { History } from '../history/events.js';
import { notJudgedPhrases, type Unjudged } from '../model/promises.js';
import { buildView } from '../view/buildView.js';
import type { HistoryView } from '../view/HistoryView.js';
import type { Anomaly, AnomalyKind, CheckCounts, CheckResult, Checker, Verdict } from './Checker.js';
import { builtinCheckerNames, checkerRegistry, type BuiltinCheckerName } from './registry.js';
import { combineVerdicts } from './verdict.js';

/**
 * What all the chosen checkers concluded about one history: the combined
 * verdict (`invalid` if any anomaly, else `unknown` if any checker was unsure,
 * else `valid`), every anomaly, the counts of all checkers merged, their notes
 * prefixed with the checker's name, and each checker's own result.
 *
 * @example
 * const { verdict, anomalies } = checkHistory(history);
 * process.exitCode = verdict === 'valid' ? 0 : verdict === 'invalid' ? 1 : 2;
 */
export interface HistoryCheck {
  verdict: Verdict;
  anomalies: Anomaly[];
  counts: CheckCounts;
  notes: string[];
  results: CheckResult[];
}

/** A checker to run: a built-in by name, or any {@link Checker}. */
export type CheckerChoice = BuiltinCheckerName | Checker;

/**
 * Run checkers over a history and combine their results (see
 * {@link HistoryCheck}). Checkers default to every built-in one
 * (`delivery`, `ordering`, `receive`, `crash`, `robustness`); pass names or your own checkers to
 * choose. Counts are merged by adding values under the same key (the built-in
 * checkers use disjoint keys).
 *
 * `unjudged` are the anomaly kinds what the campaign's parts promise rules out
 * (see `unjudgedKinds`): a checker all of whose kinds are unjudged is not run,
 * an anomaly of such a kind is set aside (a checker left with none is
 * `unknown`: what it found cannot be judged), and a note says for each kind why
 * it is not judged.
 *
 * @example
 * checkHistory(history);                          // all built-in checkers
 * checkHistory(history, ['delivery', 'receive']); // these two only
 * checkHistory(history, builtinCheckerNames, [{ kind: 'reordered', why: 'the ack-retry strategy does not promise send order' }]);
 */
export function checkHistory(history: History, checkers: readonly CheckerChoice[] = builtinCheckerNames, unjudged: readonly Unjudged[] = []): HistoryCheck {
  return checkView(buildView(history), checkers, unjudged);
}

/**
 * {@link checkHistory} on a scenario's view, for a caller that built it once
 * for everything else it reads (figures, stories).
 *
 * @example
 * const view = buildView(history);
 * const check = checkView(view, ['delivery', 'receive']);
 */
export function checkView(view: HistoryView, checkers: readonly CheckerChoice[] = builtinCheckerNames, unjudged: readonly Unjudged[] = []): HistoryCheck {
  const notJudged = new Map(unjudged.map((u) => [u.kind, u.why]));
  const results = checkers
    .map((c) => (typeof c === 'string' ? resolveChecker(c) : c))
    .filter((checker) => !checker.kinds || checker.kinds.some((kind) => !notJudged.has(kind)))
    .map((checker) => setAside(checker.check(view), notJudged));
  const combined = combineResults(results);
  combined.notes.push(...notJudgedPhrases(unjudged));
  return combined;
}

/** The result without anomalies of unjudged kinds; `unknown` when it found only those. */
function setAside(result: CheckResult, notJudged: ReadonlyMap<AnomalyKind, string>): CheckResult {
  const kept = result.anomalies.filter((a) => !notJudged.has(a.kind));
  if (kept.length === result.anomalies.length) return result;
  const kinds = [...new Set(result.anomalies.filter((a) => notJudged.has(a.kind)).map((a) => a.kind))];
  return {
    ...result,
    anomalies: kept,
    verdict: kept.length > 0 ? result.verdict : 'unknown',
    notes: [...result.notes, `found ${kinds.join(', ')}, which ${kinds.length === 1 ? 'is' : 'are'} not judged: set aside`],
  };
}

/**
 * Combine checker results into one {@link HistoryCheck}.
 *
 * @example
 * const view = buildView(history);
 * combineResults([deliveryChecker.check(view), receiveChecker.check(view)]).verdict;
 */
export function combineResults(results: readonly CheckResult[]): HistoryCheck {
  const anomalies: Anomaly[] = [];
  const counts: CheckCounts = {};
  const notes: string[] = [];
  for (const r of results) {
    for (const a of r.anomalies) anomalies.push(a);
    for (const [key, value] of Object.entries(r.counts)) counts[key] = (counts[key] ?? 0) + value;
    for (const note of r.notes) notes.push(`${r.checker}: ${note}`);
  }
  return { verdict: combineVerdicts(results.map((r) => r.verdict)), anomalies, counts, notes, results: [...results] };
}

function resolveChecker(name: string): Checker {
  const checker = Object.hasOwn(checkerRegistry, name) ? checkerRegistry[name as BuiltinCheckerName] : undefined;
  if (checker === undefined) {
    throw new Error(`unknown checker "${name}": use one of ${Object.keys(checkerRegistry).join(', ')} or pass a Checker object`);
  }
  return checker;
}
