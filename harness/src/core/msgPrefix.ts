import type { StoredRow } from '../target/Target.js';
import { randomBytes } from 'node:crypto';

/**
 * A short id of one campaign run (six base-36 characters, drawn at random):
 * two runs of the same seed (a rerun in CI, a replay) get different ids, so
 * their client offsets never meet in a store that is not reset.
 *
 * @example
 * newRunId(); // 'k3x9qa'
 */
export function newRunId(): string {
  const n = randomBytes(4).readUInt32BE(0);
  return n.toString(36).padStart(7, '0').slice(-6);
}

/**
 * What goes before every client offset of a scenario whose store is shared
 * with other scenarios and other runs: the seed (for the reader), the run id
 * and the scenario's index in the run (to keep both apart).
 *
 * @example
 * scenarioMsgPrefix(42, 'k3x9qa', 7); // 's42.k3x9qa.7.'
 */
export function scenarioMsgPrefix(seed: number, runId: string, index: number): string {
  return `s${seed >>> 0}.${runId}.${index}.`;
}

/**
 * A client offset without the prefix of {@link scenarioMsgPrefix}, to compare
 * the messages of two runs (a report and its replay).
 *
 * @example
 * withoutScenarioPrefix('s42.k3x9qa.7.c0-3'); // 'c0-3'
 * withoutScenarioPrefix('c0-3');              // 'c0-3'
 */
export function withoutScenarioPrefix(msg: string): string {
  return msg.replace(/^s\d+\.(?:[0-9a-z]+\.)?\d+\./, '');
}

/**
 * Whether a stored row belongs to the scenario whose prefix is `scope` (see
 * {@link scenarioMsgPrefix}), in a store shared with other scenarios: its
 * client offset or its content starts with the prefix. Content counts for rows
 * matched by content, and for a robustness probe stored without a client
 * offset (its content carries the prefix).
 *
 * @example
 * inScope({ offset: 9, msg: null, content: 's42.k3x9qa.7.siochaos probe c0#1' }, 's42.k3x9qa.7.'); // true
 * inScope({ offset: 9, msg: 's42.k3x9qa.8.c0-1', content: 'hi' }, 's42.k3x9qa.7.'); // false
 */
export function inScope(row: StoredRow, scope: string): boolean {
  return (row.msg ?? '').startsWith(scope) || row.content.startsWith(scope);
}
