/** The anomaly kinds a zoo bug should make a checker report. */
import { BUGS, isBugName } from '../../reference-server/src/bugs.js';

/**
 * Kinds a bug shows besides those the zoo lists: dup-ack-no-broadcast-lost
 * defers its broadcast 100 ms past the ack, outside the mutex that serialises
 * broadcasts with catch-ups, so a client connecting in those 100 ms receives
 * the row from its catch-up and again from the late broadcast.
 */
export const ALSO_SHOWN: Readonly<Record<string, readonly string[]>> = {
  'dup-ack-no-broadcast-lost': ['duplicated-delivery'],
};

/**
 * The zoo's anomalies for `bug` plus {@link ALSO_SHOWN}; none for an unknown name.
 *
 * @example
 * expectedKinds('no-unique'); // ['duplicated']
 */
export function expectedKinds(bug: string): string[] {
  return isBugName(bug) ? [...BUGS[bug].anomalies, ...(ALSO_SHOWN[bug] ?? [])] : [];
}
