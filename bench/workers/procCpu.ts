/** CPU time of a process tree, read from /proc (Linux). */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`; 100 on Linux). */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** What /proc/<pid>/stat says of a process's parent, start and times (in ticks). */
interface Stat {
  ppid: number;
  /** Start time since boot: with the pid, names a process even if its pid is used again. */
  start: number;
  own: number;
  children: number;
}

function stat(pid: number | 'self'): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (which may hold spaces): state, ppid, …, utime stime cutime cstime at 11..14, starttime at 19.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
    return { ppid: f[1]!, start: f[19]!, own: f[11]! + f[12]!, children: f[13]! + f[14]! };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a process: its own user + system time, and with `children`
 * that of its children it has waited for (cutime + cstime, which hold their
 * own waited-for children in turn: every descendant that ended).
 *
 * @example
 * cpuSeconds('self', true); // 12.34
 */
export function cpuSeconds(pid: number | 'self', children = false): number {
  const s = stat(pid);
  return s ? (s.own + (children ? s.children : 0)) / TICKS : 0;
}

/**
 * Samples the user + system time of every process under `root` (and of
 * `root`) every `everyMs`, keeping each process's last sample: the tree's
 * CPU as a sampler sees it (a process that ends loses its time since its last
 * sample), and how many processes ran at once at most.
 *
 * @example
 * const sampler = sampleTree(process.pid, 250);
 * // … the campaign runs …
 * const { cpuSeconds, mostProcesses } = sampler.stop();
 */
export function sampleTree(root: number, everyMs: number): { stop(): { cpuSeconds: number; mostProcesses: number } } {
  /** Each process's ticks at its last sample, by pid and start time. */
  const last = new Map<string, number>();
  /** The ticks of the processes already running at the first sample, which count from there. */
  const before = new Map<string, number>();
  let most = 0;
  const sample = (initial: boolean) => {
    const stats = new Map<number, Stat>();
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      const s = stat(pid);
      if (s) stats.set(pid, s);
    }
    const tree = new Set([root]);
    // A child may come before its parent in /proc's order: repeat until nothing is added.
    for (let added = true; added; ) {
      added = false;
      for (const [pid, s] of stats) {
        if (!tree.has(pid) && tree.has(s.ppid)) {
          tree.add(pid);
          added = true;
        }
      }
    }
    most = Math.max(most, tree.size - 1);
    for (const pid of tree) {
      const s = stats.get(pid);
      if (!s) continue;
      const key = `${pid}@${s.start}`;
      if (initial) before.set(key, s.own);
      last.set(key, s.own);
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample(false);
      let ticks = 0;
      for (const [key, value] of last) ticks += value - (before.get(key) ?? 0);
      return { cpuSeconds: ticks / TICKS, mostProcesses: most };
    },
  };
}
