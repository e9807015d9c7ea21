/** What the baseline's random chaos is made of. */
import type { ChaosOptions } from './chaosRound.js';

/**
 * The faults the baseline switches on and off: the same families siochaos
 * draws from for the zoo (network, process, database, client), as a chaos
 * tool offers them. Not `crash-at`: crashing at a chosen point of the message
 * handler needs the failpoints siochaos brings; a team without it kills the
 * process at random moments (`crash`).
 */
export const BASELINE_FAULTS = ['reset-peer', 'latency', 'down', 'limit-data', 'crash', 'restart', 'sqlite-unavailable', 'client-reconnect'] as const;

/**
 * One baseline round of `durationMs`: every client sends every 20-150 ms; a
 * fault is switched on 200-1500 ms after the last one went off and stays on
 * for 100-1500 ms.
 *
 * @example
 * const chaos = baselineChaos(10_000);
 */
export function baselineChaos(durationMs: number): ChaosOptions {
  return {
    durationMs,
    faults: BASELINE_FAULTS,
    gapMs: [200, 1500],
    faultMs: [100, 1500],
    sendGapMs: [20, 150],
  };
}
