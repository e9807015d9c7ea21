import type { ChildProcess } from 'node:child_process';

/**
 * Sends `signal` to a child process and waits for it to exit; sends SIGKILL if it
 * has not exited after `graceMs`. Resolves at once if it already exited.
 *
 * @example
 * await stopProcess(child, 'SIGTERM', 3000);
 */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
