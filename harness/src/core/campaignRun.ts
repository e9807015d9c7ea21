import fc from 'fast-check';
import type { TransportMode } from '../model/transport.js';
import type { CampaignConfig } from '../config/types.js';
import { SetupError } from '../errors/SetupError.js';
import { initialModel } from '../generate/Model.js';
import type { ScenarioCommand } from '../generate/commands/ScenarioCommand.js';
import { report, type Reporter } from './Reporter.js';
import type { ScenarioSummary } from './CampaignResult.js';
import { scenarioMsgPrefix } from './msgPrefix.js';
import { runScenario, type ScenarioResult, type ScenarioSetup } from './runScenario.js';
import type { Evaluation } from './shrink.js';
import { summarizeScenario, tallyScenario, type CampaignTally } from './summarizeCampaign.js';

/** One scenario run, as the campaign keeps it. */
export interface Run {
  summary: ScenarioSummary;
  result: ScenarioResult;
}

/** The smallest failing scenario so far: its first failing run, what runs it again, and how often it failed. */
export interface Failure extends Run {
  transport: TransportMode;
  commands: Iterable<ScenarioCommand>;
  evaluation: Evaluation;
}

/** What the search and the shrink share as a campaign goes. */
export interface CampaignProgress {
  readonly tally: CampaignTally;
  /** The smallest failing scenario so far: once set, the campaign is shrinking. */
  failure?: Failure;
  /** A target that could not be set up while searching: it ends the campaign. */
  setupError?: Error;
  /** A target that cannot be set up while shrinking ends the shrink, not the failure already found. */
  shrinkStoppedBy?: Error;
  /** Set at the first failure: shrinking gets its own limit, whatever the search left unspent. */
  shrinkDeadline: number;
  /** The highest scenario index given so far: shrink runs are numbered after it. */
  lastIndex: number;
  readonly signal: AbortSignal;
}

/** Which scenario of the campaign a run is, and what stops it besides the campaign's signal. */
export interface RunAt {
  /** Its 1-based index in the campaign (the search's: fast-check path index - 1); shrink runs leave it out and are numbered after. */
  index?: number;
  /** Aborts this run alone (a failure at a lower index made it moot): it is then neither judged nor counted. */
  stop?: AbortSignal;
}

/** Runs one scenario of the campaign; undefined when its target could not be set up, or when `stop` aborted it. */
export type RunOne = (transport: TransportMode, commands: Iterable<ScenarioCommand>, at?: RunAt) => Promise<Run | undefined>;

/** What {@link scenarioRunner} runs each scenario with. */
export interface RunnerContext {
  config: CampaignConfig;
  setup: ScenarioSetup;
  /** Client offsets in a shared store carry it (see `scenarioMsgPrefix`). */
  runId: string;
  reporters: Reporter[];
  progress: CampaignProgress;
  /** Which of the campaign's workers runs with it (1-based); summaries name it when there are several. */
  worker?: number;
}

/**
 * The campaign's runner of one scenario: tells the reporters it starts (on
 * which worker, at which index), runs it against the setup, counts it in the
 * tally and tells the reporters how it ended. A target that cannot be set up
 * sets `setupError` while searching, or stops the shrink (an unknown, with
 * why).
 *
 * @example
 * const runOne = scenarioRunner({ config, setup, runId, reporters, progress });
 * const run = await runOne('websocket', commands); // undefined when the target could not be set up, or the campaign was interrupted
 */
export function scenarioRunner({ config, setup, runId, reporters, progress, worker }: RunnerContext): RunOne {
  const { tally } = progress;
  return async (transport, commands, at = {}) => {
    let result: ScenarioResult;
    const index = at.index ?? progress.lastIndex + 1;
    progress.lastIndex = Math.max(progress.lastIndex, index);
    const { stop } = at;
    const phase = progress.failure ? 'shrink' : 'search';
    await report(reporters, 'onScenarioStart', { worker: worker ?? 1, index, phase });
    const signal = stop ? AbortSignal.any([setup.signal, stop]) : setup.signal;
    const moot = () => stop?.aborted === true && !progress.signal.aborted;
    try {
      result = await runScenario({ ...setup, signal, transport, msgPrefix: setup.scoped ? scenarioMsgPrefix(config.seed, runId, index) : '' }, (world) =>
        fc.asyncModelRun(() => ({ model: initialModel(config.clients), real: world }), commands),
      );
    } catch (err) {
      // Interrupted or told to stop meanwhile (a target start that stopped at the signal throws its reason):
      // no verdict, as a run that could not start; never a failing candidate nor an error.
      if (moot() || progress.signal.aborted) return undefined;
      if (err instanceof SetupError) {
        if (!progress.failure) {
          progress.setupError = err;
          return undefined;
        }
        progress.shrinkStoppedBy = err;
        tally.unknowns.push({ index, reason: `the target could not be set up while shrinking, so shrinking stopped at the smallest failure found so far: ${err.message}` });
        return undefined;
      }
      throw err;
    }
    if (moot()) return undefined;
    const summary = summarizeScenario(index, phase, transport, result, config.workers > 1 ? worker : undefined);
    tallyScenario(tally, summary, result);
    await report(reporters, 'onScenarioEnd', summary, result);
    return { summary, result };
  };
}
