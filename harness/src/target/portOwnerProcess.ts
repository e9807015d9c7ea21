import createDebug from 'debug';
import { portOpen } from '../net/portOpen.js';
import { sleep } from '../net/waitFor.js';
import type { PortNodes } from './portNodes.js';
import { processAlive } from './portOwner.js';
import type { TargetProcess } from './Target.js';

const debug = createDebug('siochaos:target');

/** How long a node's restart waits for its command to start its worker again. */
const COMEBACK_MS = 10_000;

/** How often a node's restart asks the command again to start its dead workers. */
const RESPAWN_AGAIN_MS = 500;

/** How long a signalled node process gets to be gone. */
const GONE_WITHIN_MS = 5000;

/** What {@link portOwnerProcess} acts on. */
export interface PortOwnerProcessOptions {
  /** The node's name (`n1`), for messages. */
  name: string;
  /** Which of the ports is this node's. */
  index: number;
  /** The command's nodes: finds the process behind each port and watches its exits. */
  nodes: PortNodes;
  /** Every node's port, in node order (the one command's `{ports}`). */
  ports: () => readonly number[];
  /** The whole command, for whether it runs at all. */
  whole: TargetProcess;
  /** The command line, for messages. */
  command: string;
  /** How long `restart()` waits for the command to start the node's worker again (default 10 s). */
  comebackMs?: number;
  /**
   * Asks the command to start its dead workers again (the reference server's
   * primary: SIGUSR2); without it, `restart()` waits for a command that
   * starts them again by itself.
   */
  respawn?: () => void;
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/**
 * Process control of one node of a command that opens every node's port
 * (`{ports}`, a node:cluster server): the process behind the node's port,
 * found anew each time through /proc ({@link PortNodes.pid}), so that a crash or
 * a pause hits that worker alone (a worker its primary starts again is found
 * by the next call). siochaos cannot start one worker alone: `restart()`
 * ends it if it runs, asks the command to start it again (`respawn`, when the
 * command takes such a request) and waits for it, and rejects saying so when
 * it does not come back. Its exits siochaos causes are marked as such; the
 * others are told as that node's (`onUnexpectedExit`).
 *
 * @example
 * const n1 = portOwnerProcess({ name: 'n1', index: 1, nodes, ports: () => inner.ports(), whole: inner.process!, command: 'node server.js' });
 * await n1.crash(); // SIGKILL to the worker on the second port
 */
export function portOwnerProcess(options: PortOwnerProcessOptions): TargetProcess {
  const { name, index, nodes } = options;
  const pid = (): number | undefined => nodes.pid(index);
  /** Sends `signal` (SIGCONT first: a paused process must run to end) and waits until the process is gone; SIGKILL if SIGTERM was not enough. */
  const end = async (signal: 'SIGKILL' | 'SIGTERM'): Promise<void> => {
    const found = pid();
    if (!found) return;
    debug('node %s: %s to pid %d', name, signal, found);
    nodes.expect(index);
    send(found, 'SIGCONT');
    send(found, signal);
    if (await gone(found, GONE_WITHIN_MS)) return;
    if (signal === 'SIGKILL') throw new Error(`node ${name} (pid ${found}) is still there ${GONE_WITHIN_MS} ms after SIGKILL`);
    send(found, 'SIGKILL');
    await gone(found, GONE_WITHIN_MS);
  };
  const control: TargetProcess = {
    pid,
    isRunning: () => pid() !== undefined,
    signal(signal) {
      const found = pid();
      if (found) send(found, signal);
    },
    crash: () => end('SIGKILL'),
    terminate: () => end('SIGTERM'),
    async restart() {
      const comebackMs = options.comebackMs ?? COMEBACK_MS;
      if (pid() !== undefined) await end('SIGTERM');
      // siochaos cannot start one worker: the command's primary does, when asked or by itself. Asked
      // again every so often: a primary that has not yet seen its worker's exit has nothing to fork.
      const deadline = Date.now() + comebackMs;
      let askedAt = -Infinity;
      while (Date.now() < deadline) {
        if (!options.whole.isRunning()) break;
        if (pid() !== undefined && (await portOpen('127.0.0.1', options.ports()[index]!))) return;
        if (options.respawn && Date.now() - askedAt >= RESPAWN_AGAIN_MS) {
          askedAt = Date.now();
          options.respawn();
        }
        await sleep(50);
      }
      throw new Error(
        `node ${name} cannot be restarted alone: \`${options.command}\` opens every node's port ({ports}) and did not start its worker again within ${comebackMs} ms; ` +
          'siochaos can only restart the whole command: have its primary fork a dead worker again, or run one command per node ({port})',
      );
    },
    expectExit: (expected) => nodes.expect(index, expected),
    onUnexpectedExit: (listener) => nodes.listen(index, listener),
  };
  return control;
}
