import type { CampaignConfig } from '../config/types.js';
import type { CampaignResult, ScenarioSummary } from './CampaignResult.js';
import type { ScenarioResult } from './runScenario.js';

/** A scenario run that begins: which worker runs it, which scenario it is, and whether it searches or shrinks. */
export interface ScenarioStart {
  /** The worker that runs it, 1 to `config.workers` (1 with one worker; shrinking runs on worker 1). */
  worker: number;
  /** Its index, as its {@link ScenarioSummary} will have it: scenario N is fast-check path N - 1; shrink runs are numbered after the search's. */
  index: number;
  phase: ScenarioSummary['phase'];
}

/** A worker with nothing to run: the search gave out its last scenario to another, or stopped. */
export interface WorkerIdle {
  /** The worker, 1 to `config.workers`. */
  worker: number;
}

/**
 * A reporter: optional async hooks the campaign calls through one fan-out.
 * The contract sits with the campaign that calls it (reporters/ holds the
 * implementations and their registry), so core/ never imports reporters/.
 *
 * @example
 * const counting: Reporter = { name: 'count', onScenarioEnd: () => { n++; } };
 */
export interface Reporter {
  readonly name: string;
  onCampaignStart?(config: CampaignConfig, reportDir: string): void | Promise<void>;
  /**
   * A scenario run begins on a worker (searching or shrinking), before its
   * target is set up. Its `onScenarioEnd` follows with the same index, unless
   * it is not judged: stopped because a failure at a lower index made it moot,
   * its target could not be set up, or the campaign was interrupted. The
   * worker's next `onScenarioStart` or `onWorkerIdle` says it moved on.
   *
   * @example
   * const live: Reporter = { name: 'live', onScenarioStart: ({ worker, index }) => console.error(`worker ${worker} runs #${index}`) };
   */
  onScenarioStart?(start: ScenarioStart): void | Promise<void>;
  onScenarioEnd?(summary: ScenarioSummary, result: ScenarioResult): void | Promise<void>;
  onShrinkStart?(summary: ScenarioSummary): void | Promise<void>;
  /**
   * A worker has no scenario left while searching: the search gave out the
   * last index (runs, time limit, a failure found, an interrupt) and its own
   * run has ended. Called once per worker when the search ends for it; while
   * shrinking, worker 1 runs again (`onScenarioStart` with phase `shrink`),
   * the others stay idle.
   *
   * @example
   * const idle: Reporter = { name: 'idle', onWorkerIdle: ({ worker }) => console.error(`worker ${worker} is idle`) };
   */
  onWorkerIdle?(idle: WorkerIdle): void | Promise<void>;
  onCampaignEnd?(result: CampaignResult): void | Promise<void>;
}

type HookName = Exclude<keyof Reporter, 'name'>;
type HookArgs<H extends HookName> = Parameters<NonNullable<Reporter[H]>>;

/**
 * Calls one hook on every reporter that has it, in order. A reporter that
 * throws does not stop the others; its error is returned.
 *
 * @example
 * await report(reporters, 'onCampaignEnd', result);
 */
export async function report<H extends HookName>(reporters: readonly Reporter[], hook: H, ...args: HookArgs<H>): Promise<Error[]> {
  const errors: Error[] = [];
  for (const reporter of reporters) {
    const fn = reporter[hook] as ((...a: HookArgs<H>) => void | Promise<void>) | undefined;
    if (!fn) continue;
    try {
      await fn.apply(reporter, args);
    } catch (err) {
      errors.push(new Error(`reporter ${reporter.name} failed in ${hook}: ${(err as Error).message}`));
    }
  }
  return errors;
}
