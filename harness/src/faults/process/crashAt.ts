import createDebug from 'debug';
import { FAILPOINT_POINTS, type FailpointPoint, type TargetProcess } from '../../target/Target.js';
import type { Fault } from '../Fault.js';
import { ensureRunning } from './exclusive.js';
import { msParam } from './msParam.js';
import { PendingRestart } from './PendingRestart.js';
import { failpointsUnavailable, targetFailpointsOf, targetProcessOf } from './targetProcessOf.js';

const debug = createDebug('siochaos:faults:process');

/**
 * How long `crash-at` watches for the process to die before it gives up
 * watching (a heal ends the watch earlier).
 *
 * @example
 * CRASH_AT_WATCH_LIMIT_MS; // 600000
 */
export const CRASH_AT_WATCH_LIMIT_MS = 600_000;
/** How often it looks. */
const WATCH_INTERVAL_MS = 20;

/**
 * Watches a process until it is gone (or replaced), then calls `onExit` once.
 * Bounded by `limitMs`; {@link stop} ends it early.
 */
class ExitWatch {
  private readonly interval: NodeJS.Timeout;
  private readonly deadline: number;

  constructor(control: TargetProcess, pid: number, limitMs: number, onExit: () => void) {
    this.deadline = Date.now() + limitMs;
    this.interval = setInterval(() => {
      if (control.pid() !== pid) {
        this.stop();
        onExit();
      } else if (Date.now() > this.deadline) {
        debug('pid %d still alive after %d ms: stop watching', pid, limitMs);
        this.stop();
      }
    }, WATCH_INTERVAL_MS);
    this.interval.unref();
  }

  stop(): void {
    clearInterval(this.interval);
  }
}

/**
 * `crash-at`: arm a failpoint so that the target SIGKILLs itself when the
 * next message reaches `point` (before the insert; after the insert, before
 * the ack; ...), and start it again `delay` ms after it died. Heal disarms the
 * point and, if the process is down, restarts it at once (and waits).
 * Needs a target with failpoints (the reference server's admin endpoint).
 *
 * @example
 * await injector.inject(crashAt, { point: 'after-insert-before-ack', delay: 200 }, []);
 */
export const crashAt: Fault = {
  name: 'crash-at',
  kind: 'process',
  summary: 'the target kills itself (SIGKILL) when the next message reaches point; restart after delay ms',
  params: {
    point: {
      kind: 'choice',
      default: 'after-insert-before-ack',
      values: FAILPOINT_POINTS,
      description: 'where in the message handler it dies (after-ack-before-broadcast only with servers that ack first)',
      generate: ['before-insert', 'after-insert-before-ack', 'after-broadcast-before-ack'],
    },
    delay: msParam('how long the target stays down after it died', 500, [0, 1500]),
  },
  scope: 'target',
  describe: (params) => `kill the target when the next message reaches ${params.point}, restart ${params.delay} ms later`,
  unavailableReason: (context) => failpointsUnavailable('crash-at', context.target),
  async inject(context, params) {
    const failpoints = targetFailpointsOf('crash-at', context.target);
    const control = targetProcessOf('crash-at', context.target);
    const pid = control.pid();
    if (pid === undefined) {
      throw new Error('fault crash-at: the target is not running, so no failpoint can be armed: heal the fault that stopped it first');
    }
    // The process is about to die by siochaos's hand, not of a bug of its own: by the SIGKILL the
    // failpoint sends. Any other end (a crash of its own while the point waits, or of another node of
    // a multi-node target, each armed) is still the server's.
    control.expectExit?.('SIGKILL');
    try {
      await failpoints.arm(params.point as FailpointPoint, 1);
    } catch (err) {
      control.expectExit?.(false);
      throw err;
    }
    let restart: PendingRestart | undefined;
    const watch = new ExitWatch(control, pid, CRASH_AT_WATCH_LIMIT_MS, () => {
      debug('pid %d died at %s: restart in %d ms', pid, params.point, params.delay);
      restart = new PendingRestart(control, Number(params.delay));
    });
    return {
      async heal() {
        watch.stop();
        try {
          await failpoints.disarm();
          // Disarmed before it fired: a later exit of this process is not ours.
          if (!restart) control.expectExit?.(false);
        } finally {
          if (restart) await restart.now();
          else await ensureRunning(control);
        }
      },
    };
  },
};
