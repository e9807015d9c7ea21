import type { ScenarioSummary } from '../../core/CampaignResult.js';
import type { ReportInput, ResultsFile } from '../resultsFile.js';
import { shardName, shardResults } from '../shardResults.js';
import { targetBugs, targetNodesWords } from '../targetWords.js';
import { verdictSentence } from '../verdictWords.js';
import { xmlElement, xmlText } from './xml.js';

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The JUnit timestamp: ISO 8601 without a zone (what the common schema allows). */
function timestamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, '').replace(/Z$/, '');
}

/** The anomalies, the shrunk counterexample and how to replay it, as failure text. */
function failureBody(results: ResultsFile): string {
  const lines: string[] = [verdictSentence(results), ''];
  for (const [i, a] of results.anomalies.entries()) {
    lines.push(`${i + 1}. ${a.kind} (${a.guarantee}${a.client ? `, client ${a.client}` : ''}): ${a.description}`);
  }
  const cx = results.counterexample;
  if (cx) {
    lines.push('', `Shrunk counterexample (${cx.commands.length} steps):`);
    cx.commands.forEach((c, i) => lines.push(`  ${i + 1}. ${c}`));
    lines.push('', `Replay: ${cx.replayCommand}`);
  } else if (results.anomalies.length) {
    lines.push('', 'Shrinking did not finish: these anomalies are from the last failing scenario.');
  }
  lines.push(`Seed: ${results.seed}`);
  return lines.join('\n');
}

function anomalyTypes(results: ResultsFile): string {
  return [...new Set(results.anomalies.map((a) => a.kind))].join(',') || 'invalid';
}

interface Case {
  xml: string;
  failures: number;
  errors: number;
}

function scenarioCase(results: ResultsFile, s: ScenarioSummary, shrinks: readonly ScenarioSummary[], first: boolean): Case {
  const classname = `siochaos.${results.config.name}`;
  const out: string[] = [`transport: ${String((s as { transport?: unknown }).transport ?? results.config.transport)}`, `commands (${s.commands.length}):`];
  s.commands.forEach((c, i) => out.push(`  ${i + 1}. ${c}`));
  const f = s.figures;
  out.push(`messages: ${f.sent} sent, ${f.acked} acknowledged, ${f.stored} stored, ${f.retries} retries; faults: ${f.faults}`);
  let child = '';
  let failures = 0;
  let errors = 0;
  if (s.verdict === 'invalid') {
    failures = 1;
    const message = first
      ? `${s.anomalies} ${s.anomalies === 1 ? 'anomaly' : 'anomalies'}; ${results.counterexample ? `shrunk to ${results.counterexample.commands.length} steps: ` : ''}${verdictSentence(results)}`
      : `${s.anomalies} ${s.anomalies === 1 ? 'anomaly' : 'anomalies'} (see the first failing scenario for the shrunk counterexample)`;
    child = xmlElement('failure', { message, type: first ? anomalyTypes(results) : 'invalid' }, xmlText(first ? failureBody(results) : message));
    if (first && shrinks.length) {
      const invalid = shrinks.filter((x) => x.verdict === 'invalid').length;
      out.push(`shrinking: ${shrinks.length} runs (${invalid} still failing), scenarios ${shrinks[0]!.index}–${shrinks.at(-1)!.index}`);
    }
  } else if (s.verdict === 'unknown') {
    errors = 1;
    const reason = results.unknowns.find((u) => u.index === s.index)?.reason ?? s.error ?? 'undecided';
    child = xmlElement('error', { message: `could not decide: ${reason}`, type: 'unknown' }, xmlText(`scenario ${s.index} could not be decided: ${reason}`));
  }
  const xml = xmlElement(
    'testcase',
    { name: `scenario ${s.index}`, classname, time: seconds(s.durationMs) },
    child + xmlElement('system-out', {}, xmlText(out.join('\n'))),
  );
  return { xml, failures, errors };
}

/** A testcase for the campaign itself when it could not decide (setup failed, interrupted) or listed no scenarios. */
function campaignCase(results: ResultsFile, hasScenarios: boolean): Case | undefined {
  const classname = `siochaos.${results.config.name}`;
  const attrs = { name: 'campaign', classname, time: seconds(results.durationMs) };
  if (results.error) {
    return { xml: xmlElement('testcase', attrs, xmlElement('error', { message: `could not decide: ${results.error}`, type: 'setup' }, xmlText(verdictSentence(results)))), failures: 0, errors: 1 };
  }
  if (results.interrupted) {
    return { xml: xmlElement('testcase', attrs, xmlElement('error', { message: verdictSentence(results), type: 'interrupted' }, xmlText(failureBody(results)))), failures: 0, errors: 1 };
  }
  if (hasScenarios) return undefined;
  // An old results.json without scenario summaries: one testcase for the whole campaign.
  if (results.verdict === 'invalid') {
    return { xml: xmlElement('testcase', attrs, xmlElement('failure', { message: verdictSentence(results), type: anomalyTypes(results) }, xmlText(failureBody(results)))), failures: 1, errors: 0 };
  }
  if (results.verdict === 'unknown') {
    return { xml: xmlElement('testcase', attrs, xmlElement('error', { message: verdictSentence(results), type: 'unknown' })), failures: 0, errors: 1 };
  }
  return { xml: xmlElement('testcase', attrs), failures: 0, errors: 0 };
}

/** One `<testsuite>` and its counts. */
interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
}

function junitSuite(results: ResultsFile, id: number, suiteName: string): Suite {
  const scenarios = results.scenarios ?? [];
  const search = scenarios.filter((s) => s.phase !== 'shrink');
  const shrinks = scenarios.filter((s) => s.phase === 'shrink');
  const firstFailing = search.find((s) => s.verdict === 'invalid');
  const cases: Case[] = search.map((s) => scenarioCase(results, s, shrinks, s === firstFailing));
  const campaign = campaignCase(results, search.length > 0);
  if (campaign) cases.push(campaign);
  const tests = cases.length;
  const failures = cases.reduce((n, c) => n + c.failures, 0);
  const errors = cases.reduce((n, c) => n + c.errors, 0);
  const time = seconds(results.durationMs);
  const c = results.config;
  const properties = [
    ['verdict', results.verdict],
    ['seed', String(results.seed)],
    ...(results.shard ? [['shard', `${results.shard.index}/${results.shard.count}`]] : []),
    ['target', c.target.kind],
    ['bugs', targetBugs(c.target).join(',')],
    ...(targetNodesWords(c.target) ? [['nodes', targetNodesWords(c.target)]] : []),
    ['strategy', c.strategy],
    ['clients', String(c.clients)],
    ['scenarios', String(results.figures.scenarios)],
    ['shrinkRuns', String(results.figures.shrinkRuns)],
    ['messagesSent', String(results.figures.messagesSent)],
    ...(results.counterexample ? [['replay', results.counterexample.replayCommand]] : []),
  ]
    .map(([name, value]) => xmlElement('property', { name, value }))
    .join('\n      ');
  const xml = xmlElement(
    'testsuite',
    {
      name: suiteName, tests, failures, errors, skipped: 0, time,
      timestamp: timestamp(results.startedAt), hostname: 'localhost', id, package: 'siochaos',
    },
    `\n    <properties>\n      ${properties}\n    </properties>\n    ${cases.map((x) => x.xml).join('\n    ')}\n    ` +
      xmlElement('system-out', {}, xmlText(`${verdictSentence(results)}\nreport: report.html`)) +
      '\n  ',
  );
  return { xml, tests, failures, errors };
}

/** A testsuite for a shard the merge had no report of: one testcase, an error. */
function missingShardSuite(results: ResultsFile, index: number, count: number, id: number): Suite {
  const name = shardName({ index, count });
  const message = `${name} is missing: no report folder of it was merged, so its scenarios were not judged`;
  const testcase = xmlElement('testcase', { name, classname: `siochaos.${results.config.name}`, time: '0.000' }, xmlElement('error', { message, type: 'missing-shard' }, xmlText(message)));
  const xml = xmlElement(
    'testsuite',
    { name: `siochaos: ${results.config.name} ${name}`, tests: 1, failures: 0, errors: 1, skipped: 0, time: '0.000', timestamp: timestamp(results.startedAt), hostname: 'localhost', id, package: 'siochaos' },
    `\n    ${testcase}\n  `,
  );
  return { xml, tests: 1, failures: 0, errors: 1 };
}

/**
 * junit.xml for a campaign, in the common JUnit schema CI systems read: one
 * `<testsuite>` for the campaign, a `<testcase>` per scenario the search ran
 * (named `scenario N`, classname `siochaos.<campaign>`). A failing scenario
 * carries a `<failure>` whose message is the verdict in words and whose text
 * lists the anomalies, the shrunk counterexample and the replay command; the
 * shrink runs are summed up in its `<system-out>`. Undecided scenarios, a
 * failed setup or an interrupted campaign are `<error>`s. A merged report
 * (`siochaos merge`) has one testsuite per shard, named `… shard i/n`, and a
 * missing shard is a testsuite with one `<error type="missing-shard">`.
 *
 * @example
 * await writeFile('junit.xml', renderJunit(await readReportFolder('reports/latest')));
 */
export function renderJunit(input: ReportInput): string {
  const { results } = input;
  const merge = results.merge;
  const suites: Suite[] = [];
  if (merge) {
    const byIndex = new Map(merge.shards.map((s) => [s.index, s]));
    for (let index = 1; index <= merge.count; index++) {
      const shard = byIndex.get(index);
      suites.push(
        shard
          ? junitSuite(shardResults(results, shard), index - 1, `siochaos: ${results.config.name} ${shardName(shard)}`)
          : missingShardSuite(results, index, merge.count, index - 1),
      );
    }
  } else {
    suites.push(junitSuite(results, 0, `siochaos: ${results.config.name}`));
  }
  const tests = suites.reduce((n, x) => n + x.tests, 0);
  const failures = suites.reduce((n, x) => n + x.failures, 0);
  const errors = suites.reduce((n, x) => n + x.errors, 0);
  const time = seconds(results.durationMs);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlElement('testsuites', { name: 'siochaos', tests, failures, errors, time }, `\n  ${suites.map((x) => x.xml).join('\n  ')}\n`)}\n`;
}
