import { DEFAULT_FINAL_PHASE } from './finalPhaseBounds.js';
import { DEFAULT_SHRINK } from './shrinkJudgement.js';
import { defaultScenario } from '../generate/ScenarioDefinition.js';
import type { CampaignConfig } from './types.js';

/**
 * Every default of a campaign, in one place. `npm start` runs these: about 30
 * seconds of scenarios against the reference server with three clients using
 * the tutorial's ordered strategy with unlimited retries. The worker count's
 * default depends on the target (see `campaignWorkers` in workers.ts).
 */
export const DEFAULTS: Omit<CampaignConfig, 'seed' | 'reportsDir' | 'workers'> = {
  name: 'default',
  runs: 1000,
  timeLimitMs: 30_000,
  shrinkTimeLimitMs: 90_000,
  clients: 3,
  strategy: 'queued-retry',
  ackTimeoutMs: 1000,
  retries: Infinity,
  maxCommands: 15,
  transport: 'websocket',
  scenario: defaultScenario,
  target: { kind: 'reference' },
  protocol: undefined,
  store: undefined,
  database: undefined,
  browser: undefined,
  texts: { empty: false },
  reporters: undefined,
  keepAllHistories: false,
  replay: undefined,
  finalPhase: DEFAULT_FINAL_PHASE,
  shrink: DEFAULT_SHRINK,
  shard: undefined,
};
