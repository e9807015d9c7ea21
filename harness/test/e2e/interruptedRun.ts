import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { packageRoot } from '../../src/paths.js';
// @ts-expect-error a plain JavaScript module (siochaos loads it as a user's reporter), without types
import { ENDED, LOOKED } from './holdAtCampaignEnd.mjs';
import { catchesSignal, descendantsAsync, running } from './processTree.js';

/** A process seen under siochaos while it ran. */
export interface SeenProcess {
  pid: number;
  args: string;
}

/** A `siochaos run` to interrupt: its arguments, its environment, and when to press Ctrl-C. */
export interface Interruption {
  /** What follows `siochaos run` (the report folder is added). */
  args: string[];
  /** The environment siochaos gets (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The output line to wait for (up to 60 s, once the launcher handles SIGINT), then `delayMs` more. */
  after: RegExp;
  delayMs: number;
  /** Called once the moment came, before the SIGINT (e.g. to see that there is something to clean up); its value is kept. */
  beforeSignal?: (seen: readonly SeenProcess[]) => Promise<unknown>;
}

/** What an interrupted run left. */
export interface InterruptedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** Every process siochaos started, seen while it ran (polled every 100 ms), with the last command line seen. */
  started: SeenProcess[];
  /** The processes it started (not the CLI itself) still running at its campaign's end, before its report: none if it stopped them itself (undefined: no end seen). */
  runningAtReport: string[] | undefined;
  /** What `beforeSignal` gave. */
  before: unknown;
  /** From the SIGINT to the campaign's end (everything stopped, the report not yet written), in ms. */
  stopMs: number | undefined;
  /** The folder holding results.json. */
  reportFolder: string | undefined;
}

/** The launcher's child: the CLI process that writes the report (and names Redis keys and tables with its PID). */
export function cliProcess(started: readonly SeenProcess[]): SeenProcess | undefined {
  return started.find((p) => p.args.includes('cli.mjs'));
}

/**
 * Runs `siochaos run` through its launcher (bin/siochaos.mjs) in a process
 * group of its own, as a shell runs a foreground job, and at the chosen
 * moment sends SIGINT to the whole group, as a terminal's Ctrl-C does.
 *
 * Processes siochaos starts carry a parent-death signal, so whatever it
 * failed to stop still dies once it exits: "nothing left after the exit"
 * cannot tell a stop from that safety net. So a reporter of the test's
 * (holdAtCampaignEnd.mjs, first of json and console) holds siochaos at its
 * campaign's end, when it has let everything go, while this looks at which
 * of them still run.
 *
 * @example
 * const run = await interruptRun({ args: ['--nodes', '3', '--adapter', 'redis'], after: /^scenario 1:/m, delayMs: 300 }, reports);
 * expect(run.runningAtReport).toEqual([]);
 */
export async function interruptRun(interruption: Interruption, reports: string): Promise<InterruptedRun> {
  const args = ['harness/bin/siochaos.mjs', 'run', ...interruption.args, '--reports', reports, '--reporter', HOLD, '--reporter', 'json', '--reporter', 'console'];
  const child = spawn(process.execPath, args, { cwd: packageRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: interruption.env ?? process.env });
  const started = new Map<number, string>();
  // The latest command line (a process seen between fork and exec still shows its parent's), but not the name in
  // brackets ps shows once it is exiting ('[toxiproxy-serve]', '[node] <defunct>').
  // Asynchronous: with several runs at once, a synchronous ps would keep the others' output and deadlines waiting.
  let looking: Promise<void> | undefined;
  const look = (): Promise<void> =>
    (looking ??= descendantsAsync(child.pid!)
      .then((found) => {
        for (const p of found) if (!p.args.startsWith('[') || !started.has(p.pid)) started.set(p.pid, p.args);
      })
      .finally(() => (looking = undefined)));
  let reportFolder: string | undefined;
  let output = '';
  const onOutput = (chunk: Buffer): void => {
    output += chunk.toString();
    reportFolder ??= /^report folder: (.+)$/m.exec(output)?.[1]?.trim();
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
  const poller = setInterval(() => void look(), 100);
  try {
    const deadline = Date.now() + 60_000;
    // A Ctrl-C before the launcher handles SIGINT (Node still booting: more than 400 ms on a loaded machine) kills
    // it before it started anything, as it would any program: the moments count from when it listens. Node itself
    // catches SIGINT from its start (to restore the terminal, then die of it); SIGHUP it does not, and the launcher
    // catches SIGHUP in the statement that catches SIGINT, just after it.
    while (!catchesSignal(child.pid!, 'SIGHUP') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    while (!interruption.after.test(output) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    expect(output, 'the line it waits for').toMatch(interruption.after);
    await new Promise((r) => setTimeout(r, interruption.delayMs));
    await look();
    const before = await interruption.beforeSignal?.([...started].map(([pid, a]) => ({ pid, args: a })));
    process.kill(-child.pid!, 'SIGINT');
    const sentAt = Date.now();
    const ended = await campaignEnded(() => reportFolder, exited, 30_000);
    const stopMs = ended ? Date.now() - sentAt : undefined;
    let runningAtReport: string[] | undefined;
    if (ended) {
      await look();
      runningAtReport = [...started]
        .filter(([pid, a]) => pid !== child.pid && !a.includes('cli.mjs') && !a.includes('esbuild') && running(pid))
        .map(([pid, a]) => `${pid} ${a}`);
      await writeFile(path.join(ended, LOOKED), '');
    }
    const [code, signal] = await Promise.race([exited, new Promise<[null, null]>((r) => setTimeout(() => r([null, null]), 30_000))]);
    return { code, signal, output, started: [...started].map(([pid, a]) => ({ pid, args: a })), runningAtReport, before, stopMs, reportFolder };
  } finally {
    clearInterval(poller);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    for (const [pid] of started) if (running(pid)) process.kill(pid, 'SIGKILL');
  }
}

/** The reporter module that holds siochaos at its campaign's end until this test has looked (see holdAtCampaignEnd.mjs). */
const HOLD = fileURLToPath(new URL('./holdAtCampaignEnd.mjs', import.meta.url));

/** Waits until the campaign has ended (its report folder, once the hold reporter marked it), or siochaos exited, or the bound passed. */
async function campaignEnded(folder: () => string | undefined, exited: Promise<unknown>, boundMs: number): Promise<string | undefined> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + boundMs;
  for (;;) {
    const dir = folder();
    if (dir && existsSync(path.join(dir, ENDED))) return dir;
    if (gone || Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Where a run's results.json is. */
export function resultsPath(run: InterruptedRun): string {
  if (!run.reportFolder) throw new Error('siochaos printed no report folder');
  return path.join(run.reportFolder, 'results.json');
}
