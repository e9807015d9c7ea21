import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/** Where util-linux installs `setpriv`. */
export const SETPRIV = '/usr/bin/setpriv';

/** A command line, maybe wrapped so that it ends when siochaos dies. */
export interface ParentDeathCommand {
  /** The command to spawn: `setpriv --pdeathsig TERM -- ...` or the one given. */
  readonly command: string[];
  /** Whether the kernel will send it the signal when its parent dies. */
  readonly guarded: boolean;
}

const support = new Map<string, boolean>();

/** Whether `setpriv` is there and understands `--pdeathsig` (util-linux 2.33+); asked once per path. */
function supportsPdeathsig(setpriv: string): boolean {
  let known = support.get(setpriv);
  if (known === undefined) {
    try {
      accessSync(setpriv, constants.X_OK);
      const probe = spawnSync(setpriv, ['--pdeathsig', 'TERM', '--', process.execPath, '--version'], { stdio: 'ignore', timeout: 5000 });
      known = probe.status === 0;
    } catch {
      known = false;
    }
    support.set(setpriv, known);
  }
  return known;
}

/** The signals a parent's death can send: TERM lets it shut down, KILL also ends a stopped (paused) process. */
export type ParentDeathSignal = 'TERM' | 'KILL';

/**
 * Wraps a command so that the kernel sends it `signal` (default SIGTERM) when
 * the process that spawned it dies, even by SIGKILL, when nothing else would
 * stop it. On Linux with util-linux's `setpriv` that is
 * `setpriv --pdeathsig TERM -- command`:
 * setpriv sets the signal and execs the command, so the PID stays the
 * command's. Elsewhere the command comes back as it was (`guarded: false`).
 *
 * The signal follows the thread that forked: spawn from the main thread (as
 * `child_process.spawn` does when called there), not from a worker thread
 * that may end before the process does.
 *
 * @example
 * const { command, guarded } = parentDeathCommand(['/usr/local/bin/toxiproxy-server', '-port', '8474']);
 * // command: ['/usr/bin/setpriv', '--pdeathsig', 'TERM', '--', '/usr/local/bin/toxiproxy-server', '-port', '8474']
 */
export function parentDeathCommand(command: readonly string[], setpriv = SETPRIV, signal: ParentDeathSignal = 'TERM'): ParentDeathCommand {
  if (process.platform === 'linux' && supportsPdeathsig(setpriv)) {
    return { command: [setpriv, '--pdeathsig', signal, '--', ...command], guarded: true };
  }
  return { command: [...command], guarded: false };
}
