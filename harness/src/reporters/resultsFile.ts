import type { CampaignConfig } from '../config/types.js';
import type { CampaignResult, ScenarioSummary } from '../core/CampaignResult.js';
import type { History } from '../history/events.js';
import { HISTORY_FILE } from '../model/reportFiles.js';
import type { CounterexampleFile, ResultsFile } from '../model/results.js';

export { HISTORY_FILE, RESULTS_FILE } from '../model/reportFiles.js';

/**
 * The campaign config as results.json stores it. JSON has no `Infinity`: an
 * unlimited `retries` is written as `null`; an unset `replay` is left out.
 */
export type ConfigFile = Omit<CampaignConfig, 'retries' | 'replay'> & {
  retries: number | null;
  replay?: CampaignConfig['replay'];
};

export type { CounterexampleFile, ResultsFile, ScenarioResultFile } from '../model/results.js';

/** What a campaign's reporters collected besides the result: see {@link toResultsFile}. */
export interface ResultsExtras {
  scenarios?: readonly ScenarioSummary[];
  historyScenario?: number;
}

/**
 * The campaign result as results.json holds it (see {@link ResultsFile}).
 * A round trip through JSON gives the same value.
 *
 * @example
 * await writeFile('results.json', JSON.stringify(toResultsFile(result, { scenarios }), null, 2));
 */
export function toResultsFile(result: CampaignResult, extras: ResultsExtras = {}): ResultsFile {
  const { counterexample, config, ...rest } = result;
  const { replay, retries, ...configRest } = config;
  const configFile: ConfigFile = {
    ...configRest,
    retries: Number.isFinite(retries) ? retries : null,
    ...(replay ? { replay } : {}),
  };
  let counterexampleFile: CounterexampleFile | undefined;
  if (counterexample) {
    const { history, ...scenario } = counterexample.result;
    counterexampleFile = { ...counterexample, result: { ...scenario, events: history.length } };
  }
  return {
    ...rest,
    config: configFile,
    ...(counterexampleFile ? { counterexample: counterexampleFile } : {}),
    historyFile: HISTORY_FILE,
    ...(extras.historyScenario !== undefined ? { historyScenario: extras.historyScenario } : {}),
    ...(extras.scenarios ? { scenarios: [...extras.scenarios] } : {}),
  };
}

/**
 * What the report renderers read: results.json and the history it names.
 *
 * @example
 * const input: ReportInput = { results: toResultsFile(result), history: [] };
 */
export interface ReportInput {
  results: ResultsFile;
  history: History;
}
