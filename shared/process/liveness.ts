import { readdirSync, readFileSync } from 'node:fs';

/**
 * The fields of /proc/PID/stat (or /proc/PID/task/TID/stat) after `(comm)`:
 * state, ppid, pgrp, ... (undefined when it is gone).
 *
 * @example
 * statFields('/proc/4242/stat')?.[0]; // 'S'
 */
export function statFields(statPath: string): string[] | undefined {
  try {
    const stat = readFileSync(statPath, 'utf8');
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Whether a /proc state letter is a task that has ended (Z: exited, not reaped; X: dead). */
function ended(state: string | undefined): boolean {
  return state === undefined || state === 'Z' || state === 'X';
}

/**
 * Whether process `pid` still runs, from /proc: not gone, and not a zombie.
 *
 * A killed multi-threaded process (Node, Go) shows its main thread as a
 * zombie while its other threads still tear down, and those still hold its
 * files: a port it listened on still accepts connections. Such a process runs
 * until its last thread has ended.
 *
 * @example
 * processRuns(server.pid); // false once the server and all its threads are gone
 */
export function processRuns(pid: number): boolean {
  const state = statFields(`/proc/${pid}/stat`)?.[0];
  if (state === undefined) return false;
  if (!ended(state)) return true;
  return tasksRun(pid);
}

/**
 * Whether process `pid`'s main thread has ended: it is gone, or a zombie
 * (whose other threads may still end, see {@link processRuns}). A process
 * that runs never ends its main thread alone; one whose main thread has ended
 * is dying: for judging how it died, it has.
 *
 * @example
 * mainThreadEnded(worker.pid); // true from the moment a SIGKILL took its main thread
 */
export function mainThreadEnded(pid: number): boolean {
  return ended(statFields(`/proc/${pid}/stat`)?.[0]);
}

/** Whether any thread of `pid` other than an ended one is still there. */
function tasksRun(pid: number): boolean {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tasks.some((tid) => !ended(statFields(`/proc/${pid}/task/${tid}/stat`)?.[0]));
}

/**
 * The running processes ({@link processRuns}) of process group `pgid`.
 *
 * @example
 * groupMembers(server.pid); // [] once the server and all it started are gone
 */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(`/proc/${entry}/stat`);
    if (!fields || Number(fields[2]) !== pgid) continue;
    if (!ended(fields[0]) || tasksRun(Number(entry))) members.push(Number(entry));
  }
  return members;
}
