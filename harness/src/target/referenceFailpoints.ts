import createDebug from 'debug';
import { armFailpoint, disarmFailpoints } from '../../../reference-server/src/launch.js';
import { waitFor } from '../net/waitFor.js';
import { FAILPOINT_POINTS, type TargetFailpoints } from './Target.js';

const debug = createDebug('siochaos:target');

/** How long a failed disarm waits to see whether the process died meanwhile. */
const EXIT_GRACE_MS = 2000;

/**
 * What {@link referenceFailpoints} needs to know about the running server.
 *
 * @example
 * const host: FailpointHost = { adminPort: () => server.adminPort ?? undefined, isRunning: () => server.process.exitCode === null };
 */
export interface FailpointHost {
  /** The admin endpoint's port on 127.0.0.1, once the server has started. */
  adminPort(): number | undefined;
  /** Whether the server process is up right now. */
  isRunning(): boolean;
}

/**
 * The reference server's failpoints as a target capability, over its admin
 * endpoint (`--admin-port`). Armed points crash the process (SIGKILL).
 *
 * @example
 * const failpoints = referenceFailpoints({ adminPort: () => 41000, isRunning: () => true });
 * await failpoints.arm('after-insert-before-ack', 1);
 */
export function referenceFailpoints(host: FailpointHost): TargetFailpoints {
  return {
    points: FAILPOINT_POINTS,
    async arm(point, times) {
      const port = host.adminPort();
      if (!host.isRunning() || port === undefined) {
        throw new Error(`cannot arm failpoint ${point}: the reference server is not running; start it (or heal the fault that stopped it) first`);
      }
      await armFailpoint(port, point, times, 'crash');
      debug('armed failpoint %s x%d (crash)', point, times);
    },
    async disarm() {
      const port = host.adminPort();
      if (!host.isRunning() || port === undefined) return;
      try {
        await disarmFailpoints(port);
        debug('disarmed failpoints');
      } catch (err) {
        // The failpoint may have fired during the request: a process that died
        // has nothing armed any more (its exit may take a moment to be seen).
        const died = await waitFor(() => (host.isRunning() ? undefined : true), EXIT_GRACE_MS, 10);
        if (died) return;
        throw err;
      }
    },
  };
}
