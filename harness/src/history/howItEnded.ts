import type { TargetExitEvent } from './events.js';

/**
 * How a process ended, in words: the one wording the kept target output, the
 * `target-crashed` anomaly and the message stories share.
 *
 * @example
 * howItEnded({ code: 1, signal: null }); // 'exited with code 1'
 * howItEnded({ code: null, signal: 'SIGKILL' }); // 'was ended by SIGKILL'
 * howItEnded({ code: null, signal: null }); // 'ended (its exit status is unknown)': a worker siochaos found by its port, not its child
 */
export function howItEnded(exit: Pick<TargetExitEvent, 'code' | 'signal'>): string {
  if (exit.signal) return `was ended by ${exit.signal}`;
  return exit.code === null ? 'ended (its exit status is unknown)' : `exited with code ${exit.code}`;
}
