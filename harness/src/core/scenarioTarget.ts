import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import createDebug from 'debug';
import type { Target, TargetAddress } from '../target/Target.js';
import type { ProxyPool } from '../toxiproxy/ProxyPool.js';

const debug = createDebug('siochaos:core');

/** A scenario's target, started, with the folder of its own it lives in. */
export interface StartedTarget {
  target: Target;
  /** Removed, with the target stopped, by {@link releaseTarget}. */
  dataDir: string;
  address: TargetAddress;
  /** Its clients' proxies, already pointed at it, when they were taken while it was started ahead (see `readyAhead`). */
  proxies?: ProxyPool;
}

/**
 * Makes a folder under `workDir` and a target in it, and starts the target.
 * If the start fails, or stops at `signal` (Ctrl-C: a target of several
 * steps ends at its next one, see {@link Target.start}), the target is
 * stopped and the folder removed before the error is thrown on.
 *
 * @example
 * const started = await startScenarioTarget(workDir, (dataDir) => referenceServerTarget({ dataDir }));
 * await releaseTarget(started);
 */
export async function startScenarioTarget(workDir: string, makeTarget: (dataDir: string) => Target, signal?: AbortSignal): Promise<StartedTarget> {
  const dataDir = await mkdtemp(path.join(workDir, 'scenario-'));
  const target = makeTarget(dataDir);
  try {
    return { target, dataDir, address: await target.start(signal ? { signal } : {}) };
  } catch (err) {
    await releaseTarget({ target, dataDir });
    throw err;
  }
}

/**
 * Stops a scenario's target and removes its folder.
 *
 * @example
 * await releaseTarget(started);
 */
export async function releaseTarget(started: Pick<StartedTarget, 'target' | 'dataDir'>): Promise<void> {
  try {
    await started.target.stop();
  } finally {
    await rm(started.dataDir, { recursive: true, force: true });
  }
}

/**
 * Starts each scenario's target one scenario ahead: once a scenario has its
 * target and its clients are connected ({@link startNext}), the next one's
 * starts while the scenario runs, so a campaign does not wait for a target
 * start (most of a short scenario's fixed cost) between scenarios, and the
 * start does not compete for the CPU with the scenario's own connects. Only
 * for targets that each live in a folder of their own and listen on a free
 * port (the reference server): two of them run side by side for a while.
 *
 * @example
 * const targets = new TargetsAhead(() => startScenarioTarget(workDir, makeTarget));
 * const { target, address } = await targets.take();
 * // … the scenario's clients connect …
 * targets.startNext();
 * await targets.close(); // stops the one started ahead
 */
export class TargetsAhead {
  #next: Promise<StartedTarget> | undefined;
  #closed = false;

  /**
   * @param start starts (and readies) one scenario's target.
   * @param release stops a target started ahead that no scenario took (by default {@link releaseTarget}).
   */
  constructor(
    private readonly start: () => Promise<StartedTarget>,
    private readonly release: (started: StartedTarget) => Promise<void> = releaseTarget,
  ) {}

  /**
   * The target of the scenario about to run: the one started ahead, or a new
   * one if none was.
   *
   * @throws what starting the target threw (a SetupError when it does not start).
   */
  async take(): Promise<StartedTarget> {
    if (this.#closed) throw new Error('TargetsAhead.take() after close(): make a new TargetsAhead');
    const current = this.#next ?? this.start();
    this.#next = undefined;
    return current;
  }

  /** Starts the next scenario's target, unless one is started already or {@link close} was called. */
  startNext(): void {
    if (this.#closed || this.#next) return;
    const next = this.start();
    // A start that fails is reported by the take() that gets it.
    next.catch(() => undefined);
    this.#next = next;
  }

  /** Stops the target started ahead, if any; take() may not be called after it. */
  async close(): Promise<void> {
    this.#closed = true;
    const next = this.#next;
    this.#next = undefined;
    const spare = await next?.catch((err: unknown) => debug('a target started ahead failed: %s', (err as Error).message));
    if (spare) await this.release(spare);
  }
}
