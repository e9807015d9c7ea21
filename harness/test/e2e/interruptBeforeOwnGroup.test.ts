/**
 * The launcher (bin/siochaos.mjs) starts the CLI through setpriv and perl,
 * which moves it to a process group of its own. Until then the child is in the
 * launcher's group, so a terminal's Ctrl-C in that instant reaches it too.
 * This test presses Ctrl-C exactly then (it watches /proc for the child while
 * the child is still in the launcher's group): siochaos must still stop with
 * exit 2 and an interrupted report, as at any other moment. Before, the child
 * died of the SIGINT and siochaos exited 130 with no report (seen in CI at
 * "start-up +400 ms" of interrupt.test.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { descendants, running } from './processTree.js';

let reports: string;
beforeAll(async () => {
  reports = await mkdtemp(path.join(os.tmpdir(), 'siochaos-sigint-early-'));
});
afterAll(async () => {
  await rm(reports, { recursive: true, force: true });
});

/** Parent and process group of a process, from /proc; undefined once it is gone. */
function parentAndGroup(pid: number): { ppid: number; pgrp: number } | undefined {
  // Cheaper than a failed read: the watch must look often to see a window of a few ms.
  if (!existsSync(`/proc/${pid}`)) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** The launcher's child while it is still in the launcher's group (its pid follows the launcher's and its threads' closely). */
function childInLaunchersGroup(launcher: number): number | undefined {
  for (let pid = launcher + 1; pid < launcher + 200; pid++) {
    const found = parentAndGroup(pid);
    if (found && found.ppid === launcher && found.pgrp === launcher) return pid;
  }
  return undefined;
}

/** Starts siochaos and presses Ctrl-C once its child is seen in the launcher's group; undefined when the window was missed. */
async function interruptInWindow(): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string } | undefined> {
  const child = spawn(process.execPath, ['harness/bin/siochaos.mjs', 'run', '--time', '60s', '--seed', '1', '--reports', reports], {
    cwd: packageRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
  const seen = new Map<number, string>();
  const watch = setInterval(() => {
    for (const p of descendants(child.pid!)) seen.set(p.pid, p.args);
  }, 100);
  try {
    // A busy watch (bounded): the window lasts a few ms, from the fork to perl's setpgrp.
    let caught: number | undefined;
    for (const deadline = Date.now() + 5000; caught === undefined && Date.now() < deadline && child.exitCode === null; ) {
      caught = childInLaunchersGroup(child.pid!);
    }
    if (caught === undefined) return undefined;
    process.kill(-child.pid!, 'SIGINT');
    const [code, signal] = await Promise.race([exited, new Promise<[null, null]>((r) => setTimeout(() => r([null, null]), 60_000))]);
    return { code, signal, output };
  } finally {
    clearInterval(watch);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    for (const [pid] of seen) if (running(pid)) process.kill(pid, 'SIGKILL');
  }
}

it('Ctrl-C while the CLI is not yet in a group of its own still ends with exit 2 and an interrupted report', async () => {
  // On a busy machine other processes can take the pids the watch looks at: a few tries, bounded.
  let outcome: Awaited<ReturnType<typeof interruptInWindow>>;
  for (let attempt = 0; attempt < 5 && outcome === undefined; attempt++) outcome = await interruptInWindow();
  expect(outcome, 'the launcher started its child in its own group first').toBeDefined();
  const { code, signal, output } = outcome!;
  expect([code, signal], output).toEqual([2, null]);
  const resultsFile = path.join(reports, 'latest', 'results.json');
  expect(existsSync(resultsFile), output).toBe(true);
  const results = JSON.parse(await readFile(resultsFile, 'utf8')) as { verdict: string; interrupted: boolean };
  expect(results).toMatchObject({ verdict: 'unknown', interrupted: true });
}, 120_000);
