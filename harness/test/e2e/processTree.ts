import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import { processRuns } from '../../../shared/process/liveness.js';

/**
 * Every descendant of a process, with its command line, from ps.
 *
 * @example
 * descendants(child.pid!); // [{ pid: 4242, args: 'toxiproxy-server -host 127.0.0.1 -port 41327' }, ...]
 */
export function descendants(pid: number): { pid: number; args: string }[] {
  return descendantsIn(execFileSync('ps', PS_ARGS, { encoding: 'utf8' }), pid);
}

/**
 * {@link descendants} without blocking the event loop while ps runs (on a
 * loaded machine that is tens of ms, long enough to miss what happens meanwhile).
 *
 * @example
 * await descendantsAsync(child.pid!);
 */
export async function descendantsAsync(pid: number): Promise<{ pid: number; args: string }[]> {
  return descendantsIn((await promisify(execFile)('ps', PS_ARGS, { encoding: 'utf8' })).stdout, pid);
}

const PS_ARGS = ['-eo', 'pid=,ppid=,args='];

/** The descendants of `pid` in a table printed by `ps -eo pid=,ppid=,args=`. */
function descendantsIn(psOutput: string, pid: number): { pid: number; args: string }[] {
  const table = psOutput
    .trim()
    .split('\n')
    .map((line) => {
      const [, child = '', parent = '', args = ''] = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line) ?? [];
      return { pid: Number(child), ppid: Number(parent), args };
    });
  const found: { pid: number; args: string }[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const row of table) {
      if (row.ppid === parent && !found.some((f) => f.pid === row.pid)) {
        found.push({ pid: row.pid, args: row.args });
        queue.push(row.pid);
      }
    }
  }
  return found;
}

/**
 * Whether a process runs, from /proc: a zombie, exited and not yet reaped,
 * does not, unless other threads of it still end (see `processRuns`).
 */
export const running = processRuns;

/**
 * Waits (bounded) until none of `processes` runs; returns those still running.
 *
 * @example
 * expect(await stillRunningAfter(tree, 3000)).toEqual([]);
 */
export async function stillRunningAfter(processes: readonly { pid: number; args: string }[], boundMs: number): Promise<string[]> {
  const deadline = Date.now() + boundMs;
  const left = () => processes.filter((p) => running(p.pid)).map((p) => `${p.pid} ${p.args}`);
  while (left().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return left();
}

/**
 * Whether a process catches `signal` (its SigCgt mask in /proc). Node catches
 * SIGINT and SIGTERM itself from its start (to restore the terminal before it
 * dies of them); another signal, such as SIGHUP, once a `process.on` for it
 * has run. False for a process that is gone.
 *
 * @example
 * catchesSignal(child.pid!, 'SIGHUP'); // true once `process.on('SIGHUP', …)` ran
 */
export function catchesSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (!mask) return false;
    return ((BigInt(`0x${mask}`) >> BigInt(os.constants.signals[signal] - 1)) & 1n) === 1n;
  } catch {
    return false;
  }
}
