import { phasesLine } from '../phasesWords.js';
import { rowsMatchedLine, storeScopeLine } from '../rowsMatchedWords.js';
import type { ReportInput } from '../resultsFile.js';
import { campaignSentence, verdictSentence, verdictTitle } from '../verdictWords.js';
import { mdBlock, mdCode, mdText } from './escape.js';
import { shardText } from '../../config/shard.js';
import { faultFamilyLines } from '../faultFamilyWords.js';
import { reproductionSentence } from '../reproductionWords.js';
import { campaignNodeFigures, nodeFacts } from '../nodeFacts.js';
import { buildView } from '../../view/buildView.js';
import { shardName } from '../shardResults.js';
import { shardLines } from './shardLines.js';

/** The most anomalies the Markdown table lists. */
export const MAX_MARKDOWN_ANOMALIES = 20;

/** The most counterexample steps summary.md lists (report.html has them all). */
export const MAX_MARKDOWN_STEPS = 30;

const VERDICT_MARK = { valid: '✅', invalid: '❌', unknown: '⚠️' } as const;

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Where report.html is, to link to it (default `report.html`, beside summary.md). */
  htmlPath?: string;
}

/**
 * summary.md: the verdict in a sentence, a table of the anomalies, the shrunk
 * counterexample as numbered steps, the replay command and the campaign's
 * figures. Short enough for a CI job summary; message text is escaped so it
 * shows as typed.
 *
 * @example
 * await appendFile(process.env.GITHUB_STEP_SUMMARY!, renderMarkdown(await readReportFolder('reports/latest')));
 */
export function renderMarkdown(input: ReportInput, options: MarkdownOptions = {}): string {
  const { results, history } = input;
  const f = results.figures;
  const out: string[] = [];
  out.push(`## ${VERDICT_MARK[results.verdict]} siochaos: ${verdictTitle(results.verdict)} (campaign ${mdCode(results.config.name)})`, '');
  out.push(`**${mdText(verdictSentence(results))}**`, '');
  const shard = results.shard ? `, shard ${mdCode(shardText(results.shard))} (the scenarios at paths k with k mod ${results.shard.count} = ${results.shard.index - 1})` : '';
  out.push(`${mdText(campaignSentence(results))} Seed ${mdCode(String(results.seed))}${shard}.`, '');
  if (results.merge) out.push(...shardLines(results.merge, VERDICT_MARK));
  if (results.anomalies.length) {
    out.push('| # | Kind | Guarantee broken | Client | What happened |', '|---|---|---|---|---|');
    results.anomalies.slice(0, MAX_MARKDOWN_ANOMALIES).forEach((a, i) => {
      out.push(`| ${i + 1} | ${mdText(a.kind)} | ${mdText(a.guarantee)} | ${mdText(a.client ?? '–')} | ${mdText(a.description)} |`);
    });
    if (results.anomalies.length > MAX_MARKDOWN_ANOMALIES) {
      out.push('', `…and ${results.anomalies.length - MAX_MARKDOWN_ANOMALIES} more in report.html.`);
    }
    out.push('');
  }
  const cx = results.counterexample;
  if (cx) {
    const ofShard = results.merge?.shown !== undefined ? `, ${shardName({ index: results.merge.shown, count: results.merge.count })}` : '';
    out.push(`### Shrunk counterexample (${cx.commands.length} ${cx.commands.length === 1 ? 'step' : 'steps'}${ofShard})`, '');
    if (cx.commands.length === 0) out.push('No commands: it fails with no faults at all.');
    cx.commands.slice(0, MAX_MARKDOWN_STEPS).forEach((c, i) => out.push(`${i + 1}. ${mdCode(c)}`));
    const reproduction = reproductionSentence(cx.reproduction, results.config.shrink);
    if (reproduction) out.push('', mdText(reproduction));
    if (cx.commands.length > MAX_MARKDOWN_STEPS) out.push('', `…and ${cx.commands.length - MAX_MARKDOWN_STEPS} more steps in report.html.`);
    out.push('', 'Replay it:', '', mdBlock(cx.replayCommand, 'sh'), '');
  }
  for (const line of [rowsMatchedLine(results.rowsMatchedBy), storeScopeLine(results.storeScope)]) if (line) out.push('', mdText(line));
  if (results.skippedFaults?.length) {
    out.push('', '**Faults skipped** (this target cannot take them):', '');
    for (const skip of results.skippedFaults) out.push(`- ${mdText(skip.fault)} (${skip.count}×): ${mdText(skip.reason)}`);
  }
  const families = faultFamilyLines(results.faultFamilies);
  if (families.length) {
    out.push('', '**Fault families** (chosen for this target):', '');
    for (const line of families) out.push(`${line.startsWith('  ') ? '  - ' : '- '}${mdText(line.trim())}`);
    out.push('');
  }
  if (results.unknowns.length) {
    out.push('### Undecided scenarios', '');
    for (const u of results.unknowns.slice(0, 5)) out.push(`- scenario ${u.index}${u.shard !== undefined ? ` of shard ${u.shard}` : ''}: ${mdText(u.reason)}`);
    if (results.unknowns.length > 5) out.push(`- …and ${results.unknowns.length - 5} more`);
    out.push('');
  }
  out.push('### Figures', '');
  out.push('| Scenarios | Valid | Invalid | Unknown | Shrink runs | Messages sent | Acknowledged | Stored rows | Retries |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${f.scenarios} | ${f.valid} | ${f.invalid} | ${f.unknown} | ${f.shrinkRuns} | ${f.messagesSent} | ${f.messagesAcked} | ${f.messagesStored} | ${f.retries} |`);
  if (f.phasesMs) out.push('', mdText(`Time: ${phasesLine(f.phasesMs)}.`));
  const faults = Object.entries(f.faultsInjected).sort((a, b) => b[1] - a[1]);
  const totalFaults = faults.reduce((n, [, k]) => n + k, 0);
  out.push('', `Faults injected: ${totalFaults}${faults.length ? ` (${faults.map(([name, n]) => `${mdText(name)} ${n}`).join(', ')})` : ''}.`);
  const campaignNodes = campaignNodeFigures(results.scenarios ?? []);
  if (campaignNodes) {
    out.push('', 'Per node, over the scenarios the search ran:', '');
    out.push('| Node | Scenarios | Connections | Recovered | Handled |', '|---|---:|---:|---:|---:|');
    for (const n of campaignNodes) out.push(`| ${mdText(n.node)} | ${n.scenarios} | ${n.connections} | ${n.recoveries} | ${n.handled} |`);
  }
  const nodes = history.length ? nodeFacts(buildView(history)) : undefined;
  if (nodes) {
    out.push('', `Per node, in ${results.counterexample ? 'the shrunk counterexample' : results.historyScenario !== undefined ? `scenario ${results.historyScenario}` : 'the last scenario'}:`, '');
    out.push('| Node | Connections | Recovered | Handled | Received | Moved away | Moved in | Down or paused |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const n of nodes.figures) {
      out.push(`| ${mdText(n.node)} | ${n.connections} | ${n.recoveries} | ${n.handled} | ${n.received} | ${n.movedAway} | ${n.movedIn} | ${n.outages ? `${n.outages}× ${Math.round(n.outageMs)} ms` : '–'} |`);
    }
  }
  out.push('', `Full report: ${mdCode(options.htmlPath ?? 'report.html')}`, '');
  return out.join('\n');
}
