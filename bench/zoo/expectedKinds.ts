/** The anomaly kinds a zoo bug should make a checker report. */
import { bugInfo, isBugName, isNodeBugName } from '../../reference-server/src/bugs.js';

/**
 * Kinds a bug shows besides those the zoo lists: dup-ack-no-broadcast-lost
 * defers its broadcast 100 ms past the ack, outside the mutex that serialises
 * broadcasts with catch-ups, so a client connecting in those 100 ms receives
 * the row from its catch-up and again from the late broadcast.
 * local-broadcast leaves each node's publication cursor where its own last
 * message put it, so a client that moves (or fails over) from a node that
 * was ahead is caught up to its offset, and the lagging node's next
 * publication (every row after its cursor) sends it rows it had: measured on
 * bench:zoo seed 2, shrunk to a scenario that showed only that.
 */
export const ALSO_SHOWN: Readonly<Record<string, readonly string[]>> = {
  'dup-ack-no-broadcast-lost': ['duplicated-delivery'],
  'local-broadcast': ['duplicated-delivery'],
};

/**
 * The zoo's anomalies for `bug` (single-process or multi-node) plus
 * {@link ALSO_SHOWN}; none for an unknown name.
 *
 * @example
 * expectedKinds('no-unique'); // ['duplicated']
 * expectedKinds('no-adapter-error-listener'); // ['target-crashed']
 */
export function expectedKinds(bug: string): string[] {
  return isBugName(bug) || isNodeBugName(bug) ? [...bugInfo(bug).anomalies, ...(ALSO_SHOWN[bug] ?? [])] : [];
}
