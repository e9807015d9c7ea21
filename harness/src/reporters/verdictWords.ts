import type { Anomaly, AnomalyKind, Verdict } from '../checkers/Checker.js';
import { ANOMALIES, ANOMALY_KINDS } from '../model/anomalies.js';
import { notJudgedPhrases } from '../model/promises.js';
import type { ResultsFile } from './resultsFile.js';

/** The parts of results.json the verdict words read. */
export type VerdictFacts = Pick<ResultsFile, 'verdict' | 'interrupted' | 'anomalies' | 'unknowns' | 'figures' | 'notJudged'> & {
  error?: string;
  counterexample?: { commands: readonly string[] };
  historyScenario?: number;
};

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function was(n: number): string {
  return n === 1 ? 'was' : 'were';
}

function distinct(values: Iterable<string | number>): number {
  return new Set(values).size;
}

/** The words of each anomaly kind: what it means, in one line, for a table's legend (from the contract table). */
export const anomalyMeaning = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, ANOMALIES[kind].words.meaning])) as Record<AnomalyKind, string>;

/** Why the server died, from a `target-crashed` anomaly's description: what follows its first `: `, up to `;`. */
function crashCause(anomaly: Anomaly): string | undefined {
  const match = /did not stop it: ([^;]+)/.exec(anomaly.description);
  return match?.[1];
}

function crashPhrase(anomalies: readonly Anomaly[]): string {
  const how = [...new Set(anomalies.map((a) => /(exited with code \S+|was ended by \S+)/.exec(a.description)?.[1]).filter(Boolean))];
  const cause = anomalies.map(crashCause).find(Boolean);
  const times = anomalies.length === 1 ? 'once' : `${anomalies.length} times`;
  return `the server crashed ${times} (${how.join(', ') || 'it exited'}${cause ? `: ${cause}` : ''}) and siochaos did not stop it`;
}

function lostHow(anomalies: readonly Anomaly[]): string {
  if (anomalies.every((a) => a.description.includes('by the server'))) return 'acknowledged by the server';
  if (anomalies.every((a) => a.description.includes('locally'))) return 'acknowledged locally (the emit returned, no server ack)';
  return 'acknowledged';
}

/** How many of the server's distinct reasons a phrase quotes before it says "and N more". */
const REASONS_QUOTED = 3;

function rejectedReasons(anomalies: readonly Anomaly[]): string {
  const reasons = [...new Set(anomalies.map((a) => a.reason ?? 'no reason given'))];
  const quoted = reasons.slice(0, REASONS_QUOTED).map((r) => JSON.stringify(r)).join(', ');
  const more = reasons.length > REASONS_QUOTED ? ` and ${reasons.length - REASONS_QUOTED} more` : '';
  return `${reasons.length === 1 ? 'its reason' : 'its reasons'}: ${quoted}${more}`;
}

/** How many things a kind's phrase counts: messages (distinct), stored rows, undelivered offsets, or anomalies. */
function howMany(kind: AnomalyKind, anomalies: readonly Anomaly[]): number {
  switch (kind) {
    case 'lost':
    case 'abandoned':
    case 'rejected':
    case 'duplicated':
    case 'unacknowledged':
      return distinct(anomalies.flatMap((a) => a.msgs)) || anomalies.length;
    case 'phantom':
      return distinct(anomalies.flatMap((a) => a.offsets)) || anomalies.length;
    case 'missed':
      return anomalies.reduce((sum, a) => sum + Math.max(1, a.offsets.length), 0);
    default:
      return anomalies.length;
  }
}

/** What a kind's phrase adds after the contract's words, when it says more. */
function detail(kind: AnomalyKind, anomalies: readonly Anomaly[]): string {
  switch (kind) {
    case 'lost':
      return `: ${lostHow(anomalies)} but never stored`;
    case 'rejected':
      return ` (${rejectedReasons(anomalies)})`;
    case 'missed':
      return ` ${count(distinct(anomalies.map((a) => a.client ?? '?')), 'client')} connected at the end`;
    case 'bad-row-stored':
      return ` (${[...new Set(anomalies.map((a) => /\((\S+) probe/.exec(a.description)?.[1] ?? '?'))].join(', ')})`;
    default:
      return '';
  }
}

function kindPhrase(kind: AnomalyKind, anomalies: readonly Anomaly[]): string {
  if (kind === 'target-crashed') return crashPhrase(anomalies);
  const n = howMany(kind, anomalies);
  const { counted, predicate } = ANOMALIES[kind].words;
  const form = n === 1 ? 0 : 1;
  return `${n} ${counted[form]} ${predicate[form]}${detail(kind, anomalies)}`;
}

/**
 * The anomalies in words, one phrase per kind in the order first found, a
 * crashed server first (it explains what else went wrong).
 *
 * @example
 * anomalyPhrases(anomalies); // ['2 messages were lost: acknowledged by the server but never stored']
 */
export function anomalyPhrases(anomalies: readonly Anomaly[]): string[] {
  const byKind = new Map<AnomalyKind, Anomaly[]>();
  for (const a of anomalies) {
    const list = byKind.get(a.kind);
    if (list) list.push(a);
    else byKind.set(a.kind, [a]);
  }
  const kinds = [...byKind].sort(([a], [b]) => Number(b === 'target-crashed') - Number(a === 'target-crashed'));
  return kinds.map(([kind, list]) => kindPhrase(kind, list));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The verdict in one sentence a person understands.
 *
 * @example
 * verdictSentence(results);
 * // '2 messages were lost: acknowledged by the server but never stored.'
 * // 'No anomalies in 14 scenarios (320 messages checked).'
 * // 'No anomalies in 14 scenarios (320 messages checked); not judged: reordered (the ack-retry strategy does not promise send order).'
 * // 'Could not decide: toxiproxy-server not found: run `npm run setup` or set TOXIPROXY_URL.'
 */
export function verdictSentence(facts: VerdictFacts): string {
  const f = facts.figures;
  const found = anomalyPhrases(facts.anomalies);
  const end = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
  if (facts.verdict === 'invalid') return end(capitalise(found.join('; ')));
  if (facts.verdict === 'valid') {
    return `No anomalies in ${count(f.scenarios, 'scenario')} (${count(f.messagesSent, 'message')} checked)${notJudgedPhrases(facts.notJudged ?? []).map((p) => `; ${p}`).join('')}.`;
  }
  if (facts.error) return end(`Could not decide: ${facts.error}`);
  if (facts.interrupted) {
    const base = `Could not decide: the campaign was interrupted after ${count(f.scenarios, 'scenario')}`;
    return end(found.length ? `${base}; it had already found that ${found.join('; ')}` : base);
  }
  if (facts.unknowns.length) {
    const first = facts.unknowns[0]!;
    return end(`Could not decide: ${count(facts.unknowns.length, 'scenario')} of ${f.scenarios} ${was(facts.unknowns.length)} undecided (scenario ${first.index}: ${first.reason})`);
  }
  return 'Could not decide.';
}

/**
 * A short title for the verdict: `Anomalies found`, `No anomalies`, `Could not decide`.
 *
 * @example
 * verdictTitle('invalid'); // 'Anomalies found'
 */
export function verdictTitle(verdict: Verdict): string {
  return verdict === 'invalid' ? 'Anomalies found' : verdict === 'valid' ? 'No anomalies' : 'Could not decide';
}

/**
 * What the campaign did, in one sentence: scenarios run, how the failure was shrunk.
 *
 * @example
 * campaignSentence(results); // 'Ran 11 scenarios (10 while shrinking); the failure shrank to 2 steps.'
 */
export function campaignSentence(facts: VerdictFacts): string {
  const f = facts.figures;
  let text = `Ran ${count(f.scenarios, 'scenario')}`;
  if (f.shrinkRuns) text += ` (${f.shrinkRuns} while shrinking)`;
  if (facts.counterexample) text += `; the failure shrank to ${count(facts.counterexample.commands.length, 'step')}`;
  else if (facts.verdict !== 'valid' && facts.anomalies.length) text += '; shrinking did not finish, the anomalies are from the last failing scenario';
  return `${text}.`;
}
