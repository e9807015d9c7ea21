import os from 'node:os';
import { SetupError } from '../errors/SetupError.js';
import type { StoreConfig, TargetFileConfig } from '../model/config.js';

/**
 * How many scenarios a campaign runs at once by default against the
 * reference server: half the machine's cores (each scenario runs a server and
 * its clients, which want a core between them), at least 1.
 *
 * @example
 * defaultWorkers(); // 2 on a 4-core machine, 1 on a 2-core one
 */
export function defaultWorkers(cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/**
 * Checks a worker count: a whole number of at least 1.
 *
 * @throws SetupError in one line when it is not.
 * @example
 * checkWorkers(2); // 2
 */
export function checkWorkers(workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new SetupError(`workers must be a whole number of at least 1, got ${workers} (for example --workers 2: two scenarios at once)`);
  }
  return workers;
}

/** Whether every scenario reads (and resets) the same store: a database server, or one file named without a placeholder. */
function resetsSharedStore(store: StoreConfig | undefined): boolean {
  if (store?.kind === 'postgres') return store.reset !== undefined;
  return store?.kind === 'sqlite' && store.reset !== undefined && !store.file.includes('{');
}

/**
 * A campaign's worker count: the one given, else half the cores against the
 * reference server (each of its scenarios lives in a folder of its own on a
 * free port) and 1 against your own server (running several of its
 * scenarios at once is yours to ask for: it must not share a port or a
 * store).
 *
 * @throws SetupError in one line when it is not a whole number of at least 1,
 *   or when it is more than 1 and every scenario resets the same store (they
 *   would empty each other's rows).
 * @example
 * campaignWorkers(undefined, { kind: 'reference' }, undefined); // half the cores
 * campaignWorkers(undefined, { kind: 'url', url: 'http://127.0.0.1:3000' }, undefined); // 1
 */
export function campaignWorkers(given: number | undefined, target: TargetFileConfig, store: StoreConfig | undefined): number {
  const workers = checkWorkers(given ?? (target.kind === 'reference' ? defaultWorkers() : 1));
  if (workers > 1 && resetsSharedStore(store)) {
    throw new SetupError(
      `workers ${workers}: every scenario resets the same store (store.reset), so scenarios at once would empty each other's rows: use --workers 1, or a store of each scenario's own (a file under {dataDir})`,
    );
  }
  return workers;
}
