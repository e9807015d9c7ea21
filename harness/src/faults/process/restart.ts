import type { Fault } from '../Fault.js';
import { exclusive } from './exclusive.js';
import { msParam } from './msParam.js';
import { PendingRestart } from './PendingRestart.js';
import { processUnavailable, targetProcessOf } from './targetProcessOf.js';

/**
 * `restart`: SIGTERM the target and wait until it has shut down gracefully
 * (it closes its connections), then start it again after `delay` ms, or at
 * heal if that comes first. Heal waits for the start.
 *
 * @example
 * await injector.inject(restart, { delay: 0 }, []);
 */
export const restart: Fault = {
  name: 'restart',
  kind: 'process',
  summary: 'stop the target gracefully (SIGTERM), start it again after delay ms',
  params: { delay: msParam('how long the target stays down before it starts again', 500, [0, 2000]) },
  scope: 'target',
  describe: (params) => `restart the target gracefully (SIGTERM), down for ${params.delay} ms`,
  unavailableReason: (context) => processUnavailable('restart', context.target),
  async inject(context, params) {
    const control = targetProcessOf('restart', context.target);
    await exclusive(control, () => control.terminate());
    const start = new PendingRestart(control, Number(params.delay));
    return { heal: () => start.now() };
  },
};
