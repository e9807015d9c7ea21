import { targetBugs } from '../../config/types.js';
import type { AnomalyKind, Guarantee, Verdict } from '../../checkers/Checker.js';
import type { CampaignFigures } from '../../core/CampaignResult.js';
import type { FaultFamilyPlan } from '../../generate/targetFaults.js';
import { messageStory, type MessageStory } from '../messageStory.js';
import { buildView } from '../../view/buildView.js';
import type { ReportInput } from '../readReportFolder.js';
import { reproductionSentence } from '../reproductionWords.js';
import { campaignNodeFigures, nodeFacts, type CampaignNodeFigures, type NodeFigures } from '../nodeFacts.js';
import { targetNodesWords } from '../targetWords.js';
import type { MergeFile } from '../../model/results.js';
import { mergeSentence, missingShardsSentence } from '../mergeWords.js';
import { anomalyMeaning, campaignSentence, verdictSentence, verdictTitle } from '../verdictWords.js';
import { chartsModel, type ChartsModel } from './chartsModel.js';
import { DEFAULT_MARK_CAP, timelineModel, type TimelineModel } from './timelineModel.js';

/** One anomaly as the page shows it: the checker's words and the story of its messages. */
export interface AnomalyView {
  kind: AnomalyKind;
  meaning: string;
  guarantee: Guarantee;
  client?: string;
  msgs: string[];
  offsets: number[];
  description: string;
  story: MessageStory;
  /** Every history index the story and the evidence touch (highlighted on the timeline). */
  events: number[];
}

/** A scenario, compact: `[index, phase, verdict, anomalies, durationMs, commands]`. */
export type ScenarioCell = [index: number, phase: 's' | 'h', verdict: 'v' | 'i' | 'u', anomalies: number, durationMs: number, commands: number];

/** Everything report.html shows, as the JSON the page embeds. */
export interface HtmlReportModel {
  campaign: string;
  verdict: Verdict;
  title: string;
  sentence: string;
  campaignSentence: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  error?: string;
  config: { label: string; value: string }[];
  figures: CampaignFigures;
  scenarios: ScenarioCell[];
  /** Which scenario's history the timeline shows, in words. */
  historyLabel: string;
  anomalies: AnomalyView[];
  counterexample?: { steps: string[]; replayCommand: string; seed: number; path: string; reproduction: string };
  unknowns: { index: number; reason: string }[];
  /** The fault families the scenario asked for: what ran on this target and what it skipped, with why. */
  faultFamilies: FaultFamilyPlan[];
  timeline: TimelineModel;
  /** A multi-node target only: what each node did in the scenario the timeline shows. */
  nodes?: NodeFigures[];
  /** A multi-node target only: each node's figures summed over the campaign's scenarios. */
  campaignNodes?: CampaignNodeFigures[];
  charts: ChartsModel;
  files: { results: string; history: string };
  generatedAt: string;
  /** A merged report only (`siochaos merge`): its shards, each linking to its own report, and those missing. */
  merge?: MergeView;
}

/** A merged report's shards as the page shows them. */
export interface MergeView {
  count: number;
  sentence: string;
  /** The loud warning when shards are missing. */
  missing?: string;
  /** The shard whose counterexample and timeline the page shows. */
  shown?: number;
  shards: {
    index: number;
    verdict: Verdict | 'missing';
    interrupted: boolean;
    scenarios: number;
    invalid: number;
    unknown: number;
    messagesSent: number;
    durationMs: number;
    /** The shard's own report.html, relative to this page. */
    report?: string;
    replayCommand?: string;
    steps?: number;
  }[];
}

function mergeView(merge: MergeFile): MergeView {
  const byIndex = new Map(merge.shards.map((s) => [s.index, s]));
  const shards: MergeView['shards'] = [];
  for (let index = 1; index <= merge.count; index++) {
    const s = byIndex.get(index);
    if (!s) {
      shards.push({ index, verdict: 'missing', interrupted: false, scenarios: 0, invalid: 0, unknown: 0, messagesSent: 0, durationMs: 0 });
      continue;
    }
    shards.push({
      index, verdict: s.verdict, interrupted: s.interrupted, scenarios: s.figures.scenarios, invalid: s.figures.invalid,
      unknown: s.figures.unknown, messagesSent: s.figures.messagesSent, durationMs: s.durationMs, report: `${s.folder}/report.html`,
      ...(s.counterexample ? { replayCommand: s.counterexample.replayCommand, steps: s.counterexample.commands.length } : {}),
    });
  }
  const missing = missingShardsSentence(merge);
  return {
    count: merge.count, sentence: mergeSentence(merge) ?? '', shards,
    ...(missing ? { missing } : {}), ...(merge.shown !== undefined ? { shown: merge.shown } : {}),
  };
}

/** Options of {@link buildReportModel}. */
export interface ReportModelOptions {
  /** The most timeline marks besides the anomalies' own (default 5000). */
  markCap?: number;
  /** When the report was made (default now). */
  now?: Date;
}

function ms(n: number): string {
  if (n < 1000) return `${Math.round(n)} ms`;
  if (n < 120_000) return `${(n / 1000).toFixed(1)} s`;
  return `${Math.floor(n / 60_000)} min ${Math.round((n % 60_000) / 1000)} s`;
}

function historyLabel(input: ReportInput): string {
  const { results, history } = input;
  if (history.length === 0) return 'No history was written for this campaign.';
  const ofShard = results.merge?.shown !== undefined ? ` of shard ${results.merge.shown}/${results.merge.count}` : '';
  const which = results.counterexample
    ? `the shrunk counterexample${ofShard}`
    : results.historyScenario !== undefined
      ? `scenario ${results.historyScenario}${ofShard}${results.anomalies.length ? ' (the last failing one)' : ' (the last one)'}`
      : `the last scenario${ofShard}`;
  return `The timeline shows ${which}: ${history.length} events over ${ms(history.at(-1)?.t ?? 0)}.`;
}

/**
 * Builds what report.html shows from results.json and the history: the verdict
 * in words, each anomaly with its story, the timeline (sampled to a cap, the
 * anomalies' events kept whole), the charts, the counterexample and the
 * campaign's figures. Works from files alone, so an old report folder can be
 * rendered again.
 *
 * @example
 * const model = buildReportModel(await readReportFolder('reports/latest'));
 * model.sentence; // '1 message was stored more than once.'
 */
export function buildReportModel(input: ReportInput, options: ReportModelOptions = {}): HtmlReportModel {
  const { results, history } = input;
  const view = buildView(history);
  const nodes = nodeFacts(view);
  const campaignNodes = campaignNodeFigures(results.scenarios ?? []);
  const anomalies: AnomalyView[] = results.anomalies.map((a) => {
    const story = messageStory(view, a);
    const events = [...new Set([...a.events, ...story.steps.map((s) => s.event)])].filter((i) => i >= 0 && i < history.length);
    return {
      kind: a.kind, meaning: anomalyMeaning[a.kind] ?? a.kind, guarantee: a.guarantee,
      ...(a.client !== undefined ? { client: a.client } : {}),
      msgs: a.msgs, offsets: a.offsets, description: a.description, story, events: events.sort((x, y) => x - y),
    };
  });
  const keep = new Set(anomalies.flatMap((a) => a.events));
  const c = results.config;
  const config: { label: string; value: string }[] = [
    { label: 'target', value: `${c.target.kind}${targetBugs(c.target).length ? ` (bugs: ${targetBugs(c.target).join(', ')})` : ''}` },
    ...(targetNodesWords(c.target) ? [{ label: 'nodes', value: targetNodesWords(c.target) }] : []),
    { label: 'clients', value: String(c.clients) },
    { label: 'strategy', value: c.strategy },
    { label: 'retries', value: c.retries === null ? 'unlimited' : String(c.retries) },
    { label: 'ack timeout', value: ms(c.ackTimeoutMs) },
    { label: 'transport', value: String(c.transport) },
    { label: 'time limit', value: ms(c.timeLimitMs) },
  ];
  const scenarioName = (c as { scenario?: { name?: unknown } }).scenario?.name;
  if (typeof scenarioName === 'string') config.splice(1, 0, { label: 'scenario', value: scenarioName });
  if (results.rowsMatchedBy === 'content') config.push({ label: 'rows matched by', value: 'content: the store keeps no client offset, texts were unique per scenario' });
  if (results.storeScope === 'own-messages') config.push({ label: 'store judged', value: "each scenario's own rows only: the store is shared and cannot be emptied between scenarios" });
  return {
    campaign: c.name,
    verdict: results.verdict,
    title: verdictTitle(results.verdict),
    sentence: verdictSentence(results),
    campaignSentence: campaignSentence(results),
    seed: results.seed,
    startedAt: results.startedAt,
    durationMs: results.durationMs,
    interrupted: results.interrupted,
    ...(results.error ? { error: results.error } : {}),
    config,
    figures: results.figures,
    scenarios: (results.scenarios ?? []).map((s) => [
      s.index, s.phase === 'shrink' ? 'h' : 's', s.verdict === 'valid' ? 'v' : s.verdict === 'invalid' ? 'i' : 'u',
      s.anomalies, Math.round(s.durationMs), s.commands.length,
    ]),
    historyLabel: historyLabel(input),
    anomalies,
    ...(results.counterexample
      ? {
          counterexample: {
            steps: results.counterexample.commands,
            replayCommand: results.counterexample.replayCommand,
            seed: results.counterexample.seed,
            path: results.counterexample.path,
            reproduction: reproductionSentence(results.counterexample.reproduction, results.config.shrink),
          },
        }
      : {}),
    unknowns: results.unknowns,
    faultFamilies: results.faultFamilies ?? [],
    timeline: timelineModel(view, keep, options.markCap ?? DEFAULT_MARK_CAP, nodes),
    ...(nodes ? { nodes: nodes.figures } : {}),
    ...(campaignNodes ? { campaignNodes } : {}),
    charts: chartsModel(history),
    files: { results: 'results.json', history: results.historyFile },
    generatedAt: (options.now ?? new Date()).toISOString(),
    ...(results.merge ? { merge: mergeView(results.merge) } : {}),
  };
}
