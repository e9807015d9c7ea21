import type { TargetExitEvent } from './events.js';

/**
 * How a process ended, in words: the one wording the kept target output, the
 * `target-crashed` anomaly and the message stories share.
 *
 * @example
 * howItEnded({ code: 1, signal: null }); // 'exited with code 1'
 * howItEnded({ code: null, signal: 'SIGKILL' }); // 'was ended by SIGKILL'
 */
export function howItEnded(exit: Pick<TargetExitEvent, 'code' | 'signal'>): string {
  return exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
}
