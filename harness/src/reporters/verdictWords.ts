import type { Anomaly, AnomalyKind, Verdict } from '../checkers/Checker.js';
import type { ResultsFile } from './resultsFile.js';

/** The parts of results.json the verdict words read. */
export type VerdictFacts = Pick<ResultsFile, 'verdict' | 'interrupted' | 'anomalies' | 'unknowns' | 'figures'> & {
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

/** The words of each anomaly kind: what it means, in one line, for a table's legend. */
export const anomalyMeaning: Record<AnomalyKind, string> = {
  lost: 'acknowledged, but never stored',
  abandoned: 'the client gave up on it, and it was never stored',
  rejected: 'a well-formed message the server refused (its negative ack gives the reason), never stored',
  duplicated: 'stored more than once',
  reordered: "stored out of its client's send order",
  phantom: 'stored, but no client sent it',
  unacknowledged: 'stored, but its client re-sent it after the heal and never got an ack',
  missed: 'stored, but never delivered to a client connected at the end',
  'duplicated-delivery': 'delivered twice to the same client',
  'out-of-order-delivery': 'delivered out of offset order',
  'target-crashed': 'the server process died, and siochaos did not stop it',
  'bad-row-stored': 'the server stored a row for a malformed payload',
};

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

function lostPhrase(anomalies: readonly Anomaly[]): string {
  const n = distinct(anomalies.flatMap((a) => a.msgs)) || anomalies.length;
  const byServer = anomalies.every((a) => a.description.includes('by the server'));
  const locally = anomalies.every((a) => a.description.includes('locally'));
  const how = byServer ? 'acknowledged by the server' : locally ? 'acknowledged locally (the emit returned, no server ack)' : 'acknowledged';
  return `${count(n, 'message')} ${was(n)} lost: ${how} but never stored`;
}

/** How many of the server's distinct reasons a phrase quotes before it says "and N more". */
const REASONS_QUOTED = 3;

function rejectedPhrase(anomalies: readonly Anomaly[], msgs: number): string {
  const reasons = [...new Set(anomalies.map((a) => a.reason ?? 'no reason given'))];
  const quoted = reasons.slice(0, REASONS_QUOTED).map((r) => JSON.stringify(r)).join(', ');
  const more = reasons.length > REASONS_QUOTED ? ` and ${reasons.length - REASONS_QUOTED} more` : '';
  return `${count(msgs, 'well-formed message')} ${was(msgs)} refused by the server and never stored (${reasons.length === 1 ? 'its reason' : 'its reasons'}: ${quoted}${more})`;
}

function kindPhrase(kind: AnomalyKind, anomalies: readonly Anomaly[]): string {
  const msgs = distinct(anomalies.flatMap((a) => a.msgs)) || anomalies.length;
  switch (kind) {
    case 'lost':
      return lostPhrase(anomalies);
    case 'abandoned':
      return `${count(msgs, 'message')} ${was(msgs)} abandoned: the client gave up and ${msgs === 1 ? 'it was' : 'they were'} never stored`;
    case 'rejected':
      return rejectedPhrase(anomalies, msgs);
    case 'duplicated':
      return `${count(msgs, 'message')} ${was(msgs)} stored more than once`;
    case 'reordered':
      return `${count(anomalies.length, 'message')} ${was(anomalies.length)} stored ahead of one ${anomalies.length === 1 ? 'its client' : 'their clients'} sent earlier`;
    case 'phantom': {
      const rows = distinct(anomalies.flatMap((a) => a.offsets)) || anomalies.length;
      return `${count(rows, 'stored row')} ${was(rows)} never sent by any client`;
    }
    case 'unacknowledged':
      return `${count(msgs, 'message')} ${was(msgs)} stored but never acknowledged, though ${msgs === 1 ? 'its client' : 'their clients'} kept re-sending after the heal`;
    case 'missed': {
      const offsets = anomalies.reduce((sum, a) => sum + Math.max(1, a.offsets.length), 0);
      const clients = distinct(anomalies.map((a) => a.client ?? '?'));
      return `${count(offsets, 'stored message')} never reached ${count(clients, 'client')} connected at the end`;
    }
    case 'duplicated-delivery':
      return `${count(anomalies.length, 'message')} ${was(anomalies.length)} delivered twice to the same client`;
    case 'out-of-order-delivery':
      return `${count(anomalies.length, 'message')} ${was(anomalies.length)} delivered out of offset order`;
    case 'target-crashed':
      return crashPhrase(anomalies);
    case 'bad-row-stored':
      return `${count(anomalies.length, 'malformed payload')} ${was(anomalies.length)} stored as ${anomalies.length === 1 ? 'a row' : 'rows'} (${[...new Set(anomalies.map((a) => /\((\S+) probe/.exec(a.description)?.[1] ?? '?'))].join(', ')})`;
  }
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
 * // 'Could not decide: toxiproxy-server not found: run `npm run setup` or set TOXIPROXY_URL.'
 */
export function verdictSentence(facts: VerdictFacts): string {
  const f = facts.figures;
  const found = anomalyPhrases(facts.anomalies);
  const end = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
  if (facts.verdict === 'invalid') return end(capitalise(found.join('; ')));
  if (facts.verdict === 'valid') {
    return `No anomalies in ${count(f.scenarios, 'scenario')} (${count(f.messagesSent, 'message')} checked).`;
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
