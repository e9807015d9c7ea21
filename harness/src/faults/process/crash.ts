import type { Fault } from '../Fault.js';
import { exclusive } from './exclusive.js';
import { msParam } from './msParam.js';
import { PendingRestart } from './PendingRestart.js';
import { processUnavailable, targetProcessOf } from './targetProcessOf.js';

/**
 * `crash`: SIGKILL the target (no goodbye: open transactions, buffered acks and
 * connections die with it), then start it again on the same port and store
 * after `delay` ms, or at heal if that comes first. Heal waits for the restart.
 *
 * @example
 * await injector.inject(crash, { delay: 500 }, []);
 */
export const crash: Fault = {
  name: 'crash',
  kind: 'process',
  summary: 'SIGKILL the target, restart it on the same port and store after delay ms',
  params: { delay: msParam('how long the target stays down before it restarts', 1000, [100, 2000]) },
  scope: 'target',
  describe: (params) => `kill the target (SIGKILL) and restart it after ${params.delay} ms`,
  unavailableReason: (context) => processUnavailable('crash', context.target),
  async inject(context, params) {
    const control = targetProcessOf('crash', context.target);
    await exclusive(control, () => control.crash());
    const restart = new PendingRestart(control, Number(params.delay));
    return { heal: () => restart.now() };
  },
};
