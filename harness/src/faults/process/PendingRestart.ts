import createDebug from 'debug';
import type { TargetProcess } from '../../target/Target.js';
import { ensureRunning } from './exclusive.js';

const debug = createDebug('siochaos:faults:process');

/**
 * A restart of a target that is down, due `delayMs` from now, that a heal can
 * bring forward. The restart starts the process only if it is still down.
 *
 * @example
 * const restart = new PendingRestart(target.process, 1000);
 * await restart.now(); // at heal: restart at once (or wait for the one under way)
 */
export class PendingRestart {
  private timer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;

  constructor(
    private readonly control: TargetProcess,
    delayMs: number,
  ) {
    this.timer = setTimeout(() => void this.begin().catch(() => undefined), delayMs);
  }

  /**
   * Restarts now unless it has begun already, and waits until the target runs.
   * After a failed restart, calling it again tries again.
   *
   * @throws SetupError when the target does not start.
   */
  now(): Promise<void> {
    return this.begin();
  }

  private begin(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.restarting) {
      debug('restarting the target');
      const restarting = ensureRunning(this.control);
      this.restarting = restarting;
      restarting.catch((err: unknown) => {
        debug('restart failed: %s', (err as Error).message);
        if (this.restarting === restarting) this.restarting = undefined;
      });
    }
    return this.restarting;
  }
}
