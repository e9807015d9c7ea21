import type { Shard } from '../config/shard.js';
import { nextInShard } from '../config/shard.js';

/** The failing scenario a search settled on: its index (fast-check path), what it drew, and its run. */
export interface FoundAt<S, R> {
  index: number;
  scenario: S;
  run: R;
}

/** What {@link searchByIndex} searches with. */
export interface SearchPoolOptions<S, R> {
  /** How many scenarios run at once. */
  workers: number;
  /** Only this part of the indices (all when undefined). */
  shard: Shard | undefined;
  /** Indices below it are searched (the campaign's `runs`). */
  runs: number;
  /** No scenario starts after it (ms since the epoch); those under way finish. */
  deadline: number;
  /** The scenario at an index: the same whoever asks. */
  scenarioAt(index: number): S;
  /** Scenarios it skips without running (an empty one). */
  skip?(scenario: S): boolean;
  /**
   * Runs scenario `index` on `worker` (1-based). `signal` aborts it when a
   * failure at a lower index makes it moot: its outcome is then ignored.
   * Undefined: it could not run (the target could not be set up), and the
   * search stops.
   */
  run(worker: number, index: number, scenario: S, signal: AbortSignal): Promise<R | undefined>;
  fails(run: R): boolean;
  /** Whether the campaign is stopping (interrupted): no scenario starts. */
  stopped(): boolean;
  /** Told once per worker when it has nothing left to run (its last run ended, or it never got one); awaited. */
  idle?(worker: number): void | Promise<void>;
}

/**
 * Searches a seeded campaign's scenarios by index with `workers` at once:
 * each worker takes the next index of its shard in order, until the runs, the
 * deadline, an interrupt or a failure. At the first failure no index starts;
 * runs at higher indices are aborted (not judged), runs at lower ones finish,
 * and the lowest failing index wins. Indices are handed out in order, so the
 * failure found is the one a sequential search would find given the same
 * outcomes, whatever the number of workers: the first failing index.
 *
 * A run that cannot start (undefined, its target could not be set up) ends
 * the search as a failure at its index would: no index starts, runs at
 * higher indices are aborted, runs at lower ones finish. A failure among
 * those lower ones is the one found (a sequential search would have found it
 * before it reached the run that could not start); else nothing is found.
 * A run that throws aborts the others and the search throws it once they are
 * done. Each worker is reported `idle` once, when it stops taking indices.
 *
 * @example
 * const found = await searchByIndex({ workers: 2, shard: undefined, runs: 100, deadline, scenarioAt, run, fails, stopped });
 * found?.index; // the lowest failing index
 */
export async function searchByIndex<S, R>(options: SearchPoolOptions<S, R>): Promise<FoundAt<S, R> | undefined> {
  const step = options.shard?.count ?? 1;
  let next = nextInShard(0, options.shard);
  const inFlight = new Map<number, AbortController>();
  let found: FoundAt<S, R> | undefined;
  /** The lowest index whose run could not start. */
  let blockedAt: number | undefined;
  let halted = false;
  let error: { cause: unknown } | undefined;
  const halt = () => {
    halted = true;
    for (const controller of inFlight.values()) controller.abort();
  };
  const abortAbove = (index: number) => {
    for (const [other, c] of inFlight) if (other > index) c.abort();
  };
  const more = () => !halted && !found && blockedAt === undefined && !options.stopped() && next < options.runs && Date.now() <= options.deadline;

  const take = async (worker: number) => {
    while (more()) {
      const index = next;
      next += step;
      const scenario = options.scenarioAt(index);
      if (options.skip?.(scenario)) continue;
      const controller = new AbortController();
      inFlight.set(index, controller);
      try {
        const run = await options.run(worker, index, scenario, controller.signal);
        if (controller.signal.aborted) continue;
        if (run === undefined) {
          blockedAt = Math.min(blockedAt ?? Infinity, index);
          abortAbove(index);
          return;
        }
        if (options.fails(run) && (!found || index < found.index)) {
          found = { index, scenario, run };
          abortAbove(index);
        }
      } catch (err) {
        error ??= { cause: err };
        return halt();
      } finally {
        inFlight.delete(index);
      }
    }
  };
  const work = async (worker: number) => {
    try {
      await take(worker);
    } finally {
      await options.idle?.(worker);
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => work(w + 1)));
  if (error) throw error.cause;
  if (halted || (blockedAt !== undefined && (!found || found.index > blockedAt))) return undefined;
  return found;
}
