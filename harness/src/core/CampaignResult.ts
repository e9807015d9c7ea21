import type { TransportMode } from '../clients/ChaosClient.js';
import type { Anomaly, Verdict } from '../checkers/Checker.js';
import type { CampaignConfig } from '../config/types.js';
import type { RowIdentity } from '../stores/rowIdentity.js';
import type { FaultFamilyPlan } from '../generate/targetFaults.js';
import type { ReplayOutcome } from './compareReplay.js';
import type { ScenarioFigures } from './figures.js';
import type { ScenarioResult } from './runScenario.js';

/** What a campaign's final reads judged: the whole store, or only each scenario's own rows. */
export type StoreScope = 'whole' | 'own-messages';

/** The version of the results.json format. */
export const RESULTS_VERSION = 1;

/** One scenario, as the campaign keeps it. */
export interface ScenarioSummary {
  /** 1 for the first scenario the campaign ran (shrink runs count too). */
  index: number;
  /** `search` while looking for a failure, `shrink` while shrinking one. */
  phase: 'search' | 'shrink';
  transport: TransportMode;
  verdict: Verdict;
  durationMs: number;
  commands: string[];
  anomalies: number;
  figures: ScenarioFigures;
  error?: string;
}

/** The smallest failing scenario found, and what replays it. */
export interface Counterexample {
  /** The commands of the shrunk scenario, in order. */
  commands: string[];
  seed: number;
  /** fast-check's path to the shrunk counterexample. */
  path: string;
  /** fast-check's record of which of its commands ran. */
  commandsPath: string;
  /** A command line that replays it. */
  replayCommand: string;
  /**
   * How often it failed when run again: its runs while shrinking, topped up to
   * the shrink's `tries` (config.shrink). A race fails in some runs only.
   */
  reproduction: { failures: number; tries: number };
  result: ScenarioResult;
}

/** Campaign-wide figures. */
export interface CampaignFigures {
  scenarios: number;
  valid: number;
  invalid: number;
  unknown: number;
  shrinkRuns: number;
  messagesSent: number;
  messagesAcked: number;
  messagesStored: number;
  retries: number;
  faultsInjected: Record<string, number>;
}

/**
 * What a campaign concluded, with what it takes to replay it.
 *
 * @example
 * const result = await runCampaign(resolveConfig({ timeLimitMs: 5000 }));
 * if (result.verdict === 'invalid') console.log(result.counterexample?.replayCommand);
 */
export interface CampaignResult {
  version: typeof RESULTS_VERSION;
  verdict: Verdict;
  seed: number;
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  /** Why the campaign could not decide (setup failed), if it could not. */
  error?: string;
  config: CampaignConfig;
  figures: CampaignFigures;
  counterexample?: Counterexample;
  /** The anomalies of the counterexample. */
  anomalies: Anomaly[];
  /** Scenarios whose verdict was `unknown`, and why. */
  unknowns: { index: number; reason: string }[];
  /**
   * The fault families the scenario asked for, as chosen for this target
   * before the first scenario: the faults drawn and those skipped, with why.
   */
  faultFamilies: FaultFamilyPlan[];
  /**
   * How stored rows were matched to the messages clients sent: by the client
   * offset the store keeps, by content (the store keeps no client identity;
   * texts were unique within each scenario), or `none` (no store).
   */
  rowsMatchedBy: RowIdentity;
  /**
   * What the final reads judged: `whole` (the store was siochaos's alone, every
   * row counts) or `own-messages` (a store shared with other runs that cannot be
   * reset: each scenario judged only the rows carrying its own prefix, so rows
   * with no client offset or text of this run were not judged).
   */
  storeScope?: StoreScope;
  /** Faults that scenarios drew but this target cannot take, how often, and why. */
  skippedFaults: { fault: string; reason: string; count: number }[];
  /** The folder the reports were written to. */
  reportDir: string;
  /** A replay's comparison with the report it replays (only for a replay of a report with anomalies). */
  replay?: ReplayOutcome;
}
