import type { CampaignResult, ScenarioSummary } from '../core/CampaignResult.js';
import type { ScenarioResult } from '../core/runScenario.js';
import type { History } from '../history/events.js';
import { toResultsFile, type ReportInput } from './resultsFile.js';

/** The history a report shows, and which scenario it belongs to. */
export interface ReportHistory {
  history: History;
  /** The scenario's index, when a scenario ran. */
  scenario?: number;
}

/**
 * What a file reporter keeps while a campaign runs: every scenario's summary,
 * and the histories of the last scenario and of the last failing one (the
 * anomalies of an interrupted shrink point into the latter).
 *
 * @example
 * const collected = collectCampaign();
 * const reporter: Reporter = { name: 'mine', onScenarioEnd: (s, r) => collected.add(s, r) };
 */
export interface CampaignCollector {
  readonly scenarios: readonly ScenarioSummary[];
  add(summary: ScenarioSummary, result: ScenarioResult): void;
  /** The history the campaign's anomalies point into: the counterexample's, else the last failing or last scenario's. */
  historyFor(result: CampaignResult): ReportHistory;
  /** results.json as the JSON reporter writes it, and the history: what the renderers read. */
  inputFor(result: CampaignResult): ReportInput;
}

/**
 * Makes a {@link CampaignCollector}.
 *
 * @example
 * const collected = collectCampaign();
 * collected.add(summary, scenarioResult);
 * collected.historyFor(campaignResult).history.length;
 */
export function collectCampaign(): CampaignCollector {
  const scenarios: ScenarioSummary[] = [];
  let last: { index: number; result: ScenarioResult } | undefined;
  let lastFailing: { index: number; result: ScenarioResult } | undefined;
  const collector: CampaignCollector = {
    scenarios,
    add(summary, result) {
      scenarios.push(summary);
      last = { index: summary.index, result };
      if (result.verdict === 'invalid') lastFailing = last;
    },
    historyFor(result) {
      const counterexample = result.counterexample?.result;
      if (counterexample) {
        const index = lastFailing?.result === counterexample ? lastFailing.index : undefined;
        return { history: counterexample.history, ...(index !== undefined ? { scenario: index } : {}) };
      }
      const chosen = lastFailing ?? last;
      return chosen ? { history: chosen.result.history, scenario: chosen.index } : { history: [] };
    },
    inputFor(result) {
      const { history, scenario } = collector.historyFor(result);
      // In campaign order: workers end their scenarios in any order (the sort keeps equal indices as they came).
      const ordered = [...scenarios].sort((a, b) => a.index - b.index);
      const file = toResultsFile(result, { scenarios: ordered, ...(scenario !== undefined ? { historyScenario: scenario } : {}) });
      // Through JSON, so live reports and reports rendered again from the folder read the same thing.
      const results = JSON.parse(JSON.stringify(file)) as typeof file;
      return { results, history };
    },
  };
  return collector;
}
