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
 * The faults the baseline switches on and off against a target of several
 * nodes: what a chaos tool offers a deployment (network, a node killed,
 * restarted or frozen, a node cut from Redis, Redis down or slow), no
 * failpoints. `crash` and `restart` would hit every node at once, and the
 * nodes share PostgreSQL, which SQLite's fault does not reach.
 */
export const BASELINE_NODE_FAULTS = [
  'reset-peer', 'latency', 'down', 'limit-data', 'client-reconnect',
  'node-crash', 'node-restart', 'node-pause', 'adapter-partition', 'adapter-down', 'adapter-latency',
] as const;

/**
 * One baseline round of `durationMs`: every client sends every 20-150 ms; a
 * fault is switched on 200-1500 ms after the last one went off and stays on
 * for 100-1500 ms. `faults`: {@link BASELINE_FAULTS} (default) or
 * {@link BASELINE_NODE_FAULTS}.
 *
 * @example
 * const chaos = baselineChaos(10_000);
 * const nodeChaos = baselineChaos(10_000, BASELINE_NODE_FAULTS);
 */
export function baselineChaos(durationMs: number, faults: readonly string[] = BASELINE_FAULTS): ChaosOptions {
  return {
    durationMs,
    faults,
    gapMs: [200, 1500],
    faultMs: [100, 1500],
    sendGapMs: [20, 150],
  };
}
