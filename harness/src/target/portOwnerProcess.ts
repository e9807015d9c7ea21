import createDebug from 'debug';
import { portOpen } from '../net/portOpen.js';
import { sleep } from '../net/waitFor.js';
import { groupMembers, holdsSocket, portOwners, processAlive, type PortOwner } from './portOwner.js';
import type { TargetProcess } from './Target.js';

const debug = createDebug('siochaos:target');

/** How often, at most, a node that is not found is looked for again. */
const LOOKUP_EVERY_MS = 200;

/** How long a node's restart waits for its command to start its worker again. */
const COMEBACK_MS = 10_000;

/** How long a signalled node process gets to be gone. */
const GONE_WITHIN_MS = 5000;

/** What {@link portOwnerProcess} acts on. */
export interface PortOwnerProcessOptions {
  /** The node's name (`n1`), for messages. */
  name: string;
  /** Which of the ports is this node's. */
  index: number;
  /** Every node's port, in node order (the one command's `{ports}`). */
  ports: () => readonly number[];
  /** The whole command, for whether it runs at all and for its exit marks. */
  whole: TargetProcess;
  /** The command line, for messages. */
  command: string;
  /** How long `restart()` waits for the command to start the node's worker again (default 10 s). */
  comebackMs?: number;
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
 * found anew each time through /proc ({@link portOwners}), so that a crash or
 * a pause hits that worker alone (a worker its primary starts again is found
 * by the next call). siochaos cannot start one worker alone: `restart()`
 * ends it if it runs and waits for the command to start it again (a primary
 * that forks dead workers again), and rejects saying so when it does not.
 *
 * @example
 * const n1 = portOwnerProcess({ name: 'n1', index: 1, ports: () => inner.ports(), whole: inner.process!, command: 'node server.js' });
 * await n1.crash(); // SIGKILL to the worker on the second port
 */
export function portOwnerProcess(options: PortOwnerProcessOptions): TargetProcess {
  const { name, index } = options;
  let known: PortOwner;
  let lastLookup = 0;
  /**
   * The worker behind the port: the one found last while it lives and holds
   * the listening socket (a look at its fds alone), else a lookup among the
   * command's process group, at most every {@link LOOKUP_EVERY_MS} (the load
   * balancer asks every 100 ms, and reading /proc/net/tcp costs tens of ms).
   */
  const pid = (): number | undefined => {
    const root = options.whole.pid();
    if (!options.whole.isRunning() || root === undefined) return undefined;
    if (known && processAlive(known.pid) && holdsSocket(known.pid, known.inode)) return known.pid;
    if (Date.now() - lastLookup < LOOKUP_EVERY_MS) return undefined;
    lastLookup = Date.now();
    known = portOwners(options.ports(), groupMembers(root))[index];
    return known?.pid;
  };
  /** Sends `signal` (SIGCONT first: a paused process must run to end) and waits until the process is gone; SIGKILL if SIGTERM was not enough. */
  const end = async (signal: 'SIGKILL' | 'SIGTERM'): Promise<void> => {
    const found = pid();
    if (!found) return;
    debug('node %s: %s to pid %d', name, signal, found);
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
      // siochaos cannot start one worker: the command's primary does, if it starts dead workers again.
      const deadline = Date.now() + comebackMs;
      while (Date.now() < deadline) {
        if (!options.whole.isRunning()) break;
        if (pid() !== undefined && (await portOpen('127.0.0.1', options.ports()[index]!))) return;
        await sleep(50);
      }
      throw new Error(
        `node ${name} cannot be restarted alone: \`${options.command}\` opens every node's port ({ports}) and did not start its worker again within ${comebackMs} ms; ` +
          'siochaos can only restart the whole command: have its primary fork a dead worker again, or run one command per node ({port})',
      );
    },
  };
  return control;
}
