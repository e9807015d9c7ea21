import type { TransportMode } from '../model/transport.js';
import type { FinalPhaseTimeouts } from './finalPhaseBounds.js';
import type { ShrinkJudgement } from './shrinkJudgement.js';
import type { Shard } from './shard.js';
import type { ScenarioDefinition } from '../generate/ScenarioDefinition.js';
import type { BrowserConfig, DatabaseConfig, ProtocolConfig, StoreConfig, TargetFileConfig, TextsConfig } from '../model/config.js';

export type { Shard } from './shard.js';
export type {
  BrowserConfig, CommandTargetConfig, DatabaseConfig, ProtocolConfig, ReferenceTargetConfig, StoreConfig, TextsConfig, UrlTargetConfig,
} from '../model/config.js';

/** Where a counterexample sits in a seeded campaign: what replays it. */
export interface ReplayPoint {
  /** fast-check's counterexample path. */
  path: string;
  /** fast-check's record of which commands ran. */
  commandsPath: string;
  /** The anomalies of the report replayed: the replay says whether they came back. */
  expected?: { kind: string; msgs: string[] }[];
}

/** Which server to test. */
export type TargetConfig = TargetFileConfig;

/**
 * What a user may set for a campaign; everything is optional and
 * {@link resolveConfig} fills in the rest from the defaults.
 *
 * @example
 * const options: CampaignOptions = { seed: 42, clients: 2, strategy: 'ack-retry', timeLimitMs: 10_000 };
 */
export interface CampaignOptions {
  /** Names the campaign's report folder (`reports/<name>/<timestamp>`). */
  name?: string;
  /** The fast-check seed; random (and printed) when not given. */
  seed?: number;
  /** The most scenarios to run. */
  runs?: number;
  /** Wall-time budget for finding a failure, in ms (shrinking has its own). */
  timeLimitMs?: number;
  /** Wall-time budget for shrinking a failure, in ms. */
  shrinkTimeLimitMs?: number;
  clients?: number;
  /** A client strategy name: `at-most-once`, `ack-retry`, `queued-retry`. */
  strategy?: string;
  ackTimeoutMs?: number;
  /** Retries after the first attempt; `Infinity` (or -1 on the command line) for unlimited. */
  retries?: number;
  maxCommands?: number;
  /** A fixed transport, or `any` to generate one per scenario. */
  transport?: TransportMode | 'any';
  /** Which commands and faults scenarios draw (default: the default scenario). */
  scenario?: ScenarioDefinition;
  target?: TargetConfig;
  /** How the target speaks (default: the tutorial's protocol). */
  protocol?: ProtocolConfig;
  /** Where the checker reads what the target stored (default: the reference server's SQLite file). */
  store?: StoreConfig;
  /** The target's database, to put behind its own proxy or stall. */
  database?: DatabaseConfig;
  /** Browser clients running the target's own page. */
  browser?: BrowserConfig;
  /** Which message texts scenarios draw (default: never the empty string). */
  texts?: TextsConfig;
  /** Reporter names (default: all built-in ones). */
  reporters?: string[];
  /** Where report folders go. */
  reportsDir?: string;
  /** Write the history of every scenario, not just the failing one. */
  keepAllHistories?: boolean;
  /** Replay a counterexample: fast-check's path to it and the commands' replay path (with its seed). */
  replay?: ReplayPoint;
  finalPhase?: Partial<FinalPhaseTimeouts>;
  /** How shrinking judges a candidate: failing when it fails in `failures` of `tries` runs (default 1 of 3). */
  shrink?: Partial<ShrinkJudgement>;
  /** How many scenarios run at once, each with its own target and proxies (default: half the cores, at least 1, against the reference server; 1 against your own). */
  workers?: number;
  /** Run only this part of the campaign: the scenarios at indices k with k mod count == index - 1. */
  shard?: Shard;
}

/** A campaign's options with every field decided. */
export interface CampaignConfig {
  name: string;
  seed: number;
  runs: number;
  timeLimitMs: number;
  shrinkTimeLimitMs: number;
  clients: number;
  strategy: string;
  ackTimeoutMs: number;
  retries: number;
  maxCommands: number;
  transport: TransportMode | 'any';
  scenario: ScenarioDefinition;
  target: TargetConfig;
  protocol: ProtocolConfig | undefined;
  store: StoreConfig | undefined;
  database: DatabaseConfig | undefined;
  browser: BrowserConfig | undefined;
  texts: TextsConfig;
  reporters: string[] | undefined;
  reportsDir: string;
  keepAllHistories: boolean;
  replay: ReplayPoint | undefined;
  finalPhase: FinalPhaseTimeouts;
  shrink: ShrinkJudgement;
  workers: number;
  shard: Shard | undefined;
}

/**
 * The planted bugs a target config switches on (only the reference server has any).
 *
 * @example
 * targetBugs({ kind: 'reference', bugs: ['no-unique'] }); // ['no-unique']
 */
export function targetBugs(target: { kind: TargetConfig['kind']; bugs?: string[] }): string[] {
  return target.kind === 'reference' ? (target.bugs ?? []) : [];
}
