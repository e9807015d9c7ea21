import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CampaignResult } from '../core/CampaignResult.js';
import { writeHistory } from '../history/jsonl.js';
import { collectCampaign } from './campaignCollector.js';
import type { Reporter } from '../core/Reporter.js';
import { HISTORY_FILE, RESULTS_FILE, toResultsFile, type ResultsExtras, type ResultsFile } from './resultsFile.js';

export { HISTORY_FILE, RESULTS_FILE };

/**
 * results.json as written: the campaign result, with the history moved out to
 * history.jsonl (which it names). Kept for callers of the first version; see
 * {@link toResultsFile}.
 *
 * @example
 * JSON.stringify(resultsJson(result), null, 2);
 */
export function resultsJson(result: CampaignResult, extras: ResultsExtras = {}): ResultsFile {
  return toResultsFile(result, extras);
}

/**
 * Writes `results.json` and `history.jsonl` (the counterexample's history, else
 * the last failing scenario's, else the last scenario's) into the campaign's
 * report folder; with `keepAllHistories`, every scenario's history under
 * `histories/`. results.json lists every scenario's summary and which
 * scenario's history history.jsonl holds.
 *
 * @example
 * await runCampaign(config, { reporters: [jsonReporter()] });
 */
export function jsonReporter(): Reporter {
  let reportDir = '';
  let keepAll = false;
  const collected = collectCampaign();
  return {
    name: 'json',
    onCampaignStart(config, dir) {
      reportDir = dir;
      keepAll = config.keepAllHistories;
    },
    async onScenarioEnd(summary, result) {
      collected.add(summary, result);
      if (keepAll) {
        await mkdir(path.join(reportDir, 'histories'), { recursive: true });
        await writeHistory(path.join(reportDir, 'histories', `scenario-${summary.index}.jsonl`), result.history);
      }
    },
    async onCampaignEnd(result) {
      const { results, history } = collected.inputFor(result);
      await writeFile(path.join(result.reportDir, RESULTS_FILE), JSON.stringify(results, null, 2) + '\n');
      await writeHistory(path.join(result.reportDir, HISTORY_FILE), history);
    },
  };
}
