import createDebug from 'debug';
import type { Fault } from '../Fault.js';
import { msParam } from './msParam.js';
import { processUnavailable, targetProcessOf } from './targetProcessOf.js';

const debug = createDebug('siochaos:faults:process');

/**
 * `pause`: freeze the target with SIGSTOP for `duration` ms, then SIGCONT.
 * Nothing it holds is released: its sockets stay open but silent, so clients
 * notice only when their heartbeat expires (the reference target pings every
 * second). Heal sends SIGCONT at once.
 *
 * @example
 * await injector.inject(pause, { duration: 3000 }, []);
 */
export const pause: Fault = {
  name: 'pause',
  kind: 'process',
  summary: 'freeze the target (SIGSTOP) for duration ms, then SIGCONT',
  params: { duration: msParam('how long the target stays frozen', 3000, [100, 4000]) },
  scope: 'target',
  describe: (params) => `freeze the target (SIGSTOP) for ${params.duration} ms`,
  unavailableReason: (context) => processUnavailable('pause', context.target),
  async inject(context, params) {
    const control = targetProcessOf('pause', context.target);
    if (!control.isRunning()) {
      throw new Error('fault pause: the target is not running, so there is nothing to freeze: heal the fault that stopped it first');
    }
    control.signal('SIGSTOP');
    debug('SIGSTOP pid %d for %d ms', control.pid(), params.duration);
    const resume = (): void => {
      clearTimeout(timer);
      // A process that was restarted meanwhile is not stopped; SIGCONT does it no harm.
      control.signal('SIGCONT');
    };
    const timer = setTimeout(() => {
      debug('SIGCONT after %d ms', params.duration);
      resume();
    }, Number(params.duration));
    return { heal: async () => resume() };
  },
};
