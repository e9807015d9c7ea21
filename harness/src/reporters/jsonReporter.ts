import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CampaignResult } from '../core/CampaignResult.js';
import type { ScenarioResult } from '../core/runScenario.js';
import { writeHistory } from '../history/jsonl.js';
import type { Reporter } from './Reporter.js';

/** The file names the JSON reporter writes in the report folder. */
export const RESULTS_FILE = 'results.json';
export const HISTORY_FILE = 'history.jsonl';

/**
 * results.json as written: the campaign result, with the counterexample's
 * history moved out to history.jsonl (which it names).
 */
export function resultsJson(result: CampaignResult): unknown {
  const { counterexample, ...rest } = result;
  if (!counterexample) return { ...rest, historyFile: HISTORY_FILE };
  const { history, ...scenario } = counterexample.result;
  return {
    ...rest,
    counterexample: { ...counterexample, result: { ...scenario, events: history.length } },
    historyFile: HISTORY_FILE,
  };
}

/**
 * Writes `results.json` and `history.jsonl` (the counterexample's history, or
 * the last scenario's when nothing failed) into the campaign's report folder;
 * with `keepAllHistories`, every scenario's history under `histories/`.
 *
 * @example
 * await runCampaign(config, { reporters: [jsonReporter()] });
 */
export function jsonReporter(): Reporter {
  let reportDir = '';
  let keepAll = false;
  let last: ScenarioResult | undefined;
  return {
    name: 'json',
    onCampaignStart(config, dir) {
      reportDir = dir;
      keepAll = config.keepAllHistories;
    },
    async onScenarioEnd(summary, result) {
      last = result;
      if (keepAll) {
        await mkdir(path.join(reportDir, 'histories'), { recursive: true });
        await writeHistory(path.join(reportDir, 'histories', `scenario-${summary.index}.jsonl`), result.history);
      }
    },
    async onCampaignEnd(result) {
      await writeFile(path.join(result.reportDir, RESULTS_FILE), JSON.stringify(resultsJson(result), null, 2) + '\n');
      const history = result.counterexample?.result.history ?? last?.history ?? [];
      await writeHistory(path.join(result.reportDir, HISTORY_FILE), history);
    },
  };
}
