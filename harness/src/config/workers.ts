import os from 'node:os';
import { SetupError } from '../errors/SetupError.js';

/**
 * How many scenarios a campaign runs at once by default: half the machine's
 * cores (each scenario runs a server and its clients, which want a core
 * between them), at least 1.
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
