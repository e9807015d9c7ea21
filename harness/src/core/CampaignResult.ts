import type { CampaignConfig } from '../config/types.js';
import type { CounterexampleFile, ResultsFile, scenarioSummarySchema } from '../model/results.js';
import type { RowIdentity } from '../stores/rowIdentity.js';
import type { ScenarioResult } from './runScenario.js';
import type { z } from 'zod';

export { RESULTS_VERSION, type CampaignFigures, type StoreScope } from '../model/results.js';

/**
 * One scenario, as the campaign keeps it (results.json's `scenarios[]`, see
 * model/results.ts): 1-based `index` (shrink runs count too), `phase` `search`
 * while looking for a failure and `shrink` while shrinking one. The campaign
 * always sets `transport`; files older than it lack it.
 */
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

/**
 * The smallest failing scenario found, and what replays it: results.json's
 * `counterexample` with the scenario's whole result (history included).
 * `reproduction` says how often it failed when run again: its runs while
 * shrinking, topped up to the shrink's `tries` (config.shrink). A race fails in
 * some runs only.
 */
export interface Counterexample extends Omit<CounterexampleFile, 'result' | 'reproduction'> {
  reproduction: NonNullable<CounterexampleFile['reproduction']>;
  result: ScenarioResult;
}

/**
 * What a campaign concluded, with what it takes to replay it: results.json
 * (model/results.ts) before its history moves out to history.jsonl, with the
 * resolved config as it is in memory (`retries` may be `Infinity`).
 *
 * @example
 * const result = await runCampaign(resolveConfig({ timeLimitMs: 5000 }));
 * if (result.verdict === 'invalid') console.log(result.counterexample?.replayCommand);
 */
export interface CampaignResult
  extends Omit<ResultsFile, 'config' | 'counterexample' | 'rowsMatchedBy' | 'historyFile' | 'historyScenario' | 'scenarios'> {
  config: CampaignConfig;
  counterexample?: Counterexample;
  /**
   * How stored rows were matched to the messages clients sent: by the client
   * offset the store keeps, by content (the store keeps no client identity;
   * texts were unique within each scenario), or `none` (no store).
   */
  rowsMatchedBy: RowIdentity;
}
