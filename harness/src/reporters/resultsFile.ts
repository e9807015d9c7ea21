import type { CampaignConfig } from '../config/types.js';
import type { CampaignResult, Counterexample, ScenarioSummary } from '../core/CampaignResult.js';
import type { ScenarioResult } from '../core/runScenario.js';
import type { History } from '../history/events.js';

/** The file names a report folder holds. */
export const RESULTS_FILE = 'results.json';
export const HISTORY_FILE = 'history.jsonl';

/**
 * The campaign config as results.json stores it. JSON has no `Infinity`: an
 * unlimited `retries` is written as `null`; an unset `replay` is left out.
 */
export type ConfigFile = Omit<CampaignConfig, 'retries' | 'replay'> & {
  retries: number | null;
  replay?: CampaignConfig['replay'];
};

/** A scenario result as results.json stores it: its history is in history.jsonl, `events` says how long it is. */
export type ScenarioResultFile = Omit<ScenarioResult, 'history'> & { events: number };

/** The counterexample as results.json stores it. */
export type CounterexampleFile = Omit<Counterexample, 'result'> & { result: ScenarioResultFile };

/**
 * results.json, version 1: the campaign result, with the history moved out to
 * `historyFile` and every scenario's summary listed. The JSON Schema is
 * `harness/schema/results.schema.json`.
 *
 * @example
 * const results = JSON.parse(await readFile('reports/latest/results.json', 'utf8')) as ResultsFile;
 * results.counterexample?.replayCommand;
 */
export interface ResultsFile extends Omit<CampaignResult, 'config' | 'counterexample'> {
  config: ConfigFile;
  counterexample?: CounterexampleFile;
  /** The history file beside results.json (JSON Lines, one event a line). */
  historyFile: string;
  /** The index of the scenario whose history `historyFile` holds, when one ran. */
  historyScenario?: number;
  /** Every scenario the campaign ran, in order (written since siochaos 0.1; older files lack it). */
  scenarios?: ScenarioSummary[];
}

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
