/**
 * Ctrl-C as a terminal sends it: SIGINT to siochaos's whole process group, at
 * 15 moments spread over start-up, scenarios, the final phase and shrinking.
 * Every time: exit 2, a report (verdict unknown, interrupted), no anomaly made
 * up (none against the correct server; only the planted bug's own against a
 * buggy one), and every process siochaos started stopped by siochaos
 * before its report (not left to their parent-death signal at its exit:
 * see interruptedRun.ts), none left running. The launcher
 * (bin/siochaos.mjs) passes the SIGINT to the CLI alone, so that what the CLI
 * started (esbuild's service while the sources load, Toxiproxy, targets) is
 * stopped by it, not killed under it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { interruptRun, resultsPath, type InterruptedRun } from './interruptedRun.js';
import { stillRunningAfter } from './processTree.js';

let reportsDir: string;
beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-sigint-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

/**
 * When to press Ctrl-C: `delayMs` after siochaos's launcher has set its
 * signal handlers (its first statements, once Node has booted: tens of ms on
 * a quiet machine, over 400 ms on a loaded one), or after the first output
 * line matching `after`.
 */
interface Moment {
  name: string;
  after?: RegExp;
  delayMs: number;
  /** A planted bug (to get a failure and a shrink), and the only anomaly kind it may show. */
  bug?: { name: string; kind: string };
  /** Load the sources with tsx's cache off, so that esbuild's service runs while Ctrl-C comes. */
  coldCache?: boolean;
}

/** Every sender misses its own message: scenario 1 fails, then shrinking runs, each candidate waiting out its catch-up. */
const BUG = { name: 'broadcast-excludes-sender', kind: 'missed' };
const CAMPAIGN = /^siochaos: campaign/m;
const FOLDER = /^report folder:/m;
const FINAL = /siochaos:core final phase: heal all/;
const SHRINK = /^found a failure: shrinking/m;

const MOMENTS: Moment[] = [
  // start-up: loading the sources, providing Toxiproxy, starting the first target
  { name: 'start-up +400 ms', delayMs: 400 },
  { name: 'start-up +1.5 s, sources transformed afresh', delayMs: 1500, coldCache: true },
  { name: 'start-up +1.5 s, buggy server', delayMs: 1500, bug: BUG },
  { name: 'campaign line', after: CAMPAIGN, delayMs: 0 },
  { name: 'report folder +150 ms', after: FOLDER, delayMs: 150 },
  // scenarios
  { name: 'first scenario +1 s', after: FOLDER, delayMs: 1000 },
  { name: 'after scenario 1', after: /^scenario 1:/m, delayMs: 0 },
  { name: 'after scenario 1 +900 ms', after: /^scenario 1:/m, delayMs: 900 },
  { name: 'first scenario +2 s, buggy server', after: FOLDER, delayMs: 2000, bug: BUG },
  // the final phase (heal, reconnect, drain, catch up, read)
  { name: 'final phase', after: FINAL, delayMs: 0 },
  { name: 'final phase +100 ms', after: FINAL, delayMs: 100 },
  { name: 'final phase +1 s, buggy server (catch-up wait)', after: FINAL, delayMs: 1000, bug: BUG },
  // shrinking
  { name: 'shrink start', after: SHRINK, delayMs: 0, bug: BUG },
  { name: 'shrink +3 s (final phase)', after: SHRINK, delayMs: 3000, bug: BUG },
  { name: 'after shrink 2', after: /^shrink 2:/m, delayMs: 0, bug: BUG },
];

interface Outcome extends InterruptedRun {
  moment: Moment;
}

async function interruptAt(moment: Moment, index: number): Promise<Outcome> {
  const env = { ...process.env, DEBUG: 'siochaos:core', ...(moment.coldCache ? { TSX_DISABLE_CACHE: '1' } : {}) };
  const args = ['--time', '60s', '--seed', '1', ...(moment.bug ? ['--bug', moment.bug.name] : [])];
  const run = await interruptRun({ args, env, after: moment.after ?? /(?:)/, delayMs: moment.delayMs }, path.join(reportsDir, String(index)));
  return { moment, ...run };
}

async function check(outcome: Outcome): Promise<void> {
  const { moment } = outcome;
  const label = `${moment.name}:\n${outcome.output.split('\n').filter((l) => !l.includes('siochaos:core')).slice(-8).join('\n')}`;
  expect([outcome.code, outcome.signal], label).toEqual([2, null]);
  // Prompt: no final-phase bound (20 s drain) waited out. The 3 s target is a figure printed above, not
  // asserted: on a loaded machine, loading the sources alone can take longer.
  expect(outcome.stopMs, label).toBeLessThan(15_000);
  // Stopped by siochaos before its report (toxiproxy-server, reference servers), not by their parent-death
  // signal once it exited; and gone once it has exited.
  expect(outcome.runningAtReport, `${label}\nrunning at the campaign's end, before the report`).toEqual([]);
  expect(await stillRunningAfter(outcome.started, 3000), label).toEqual([]);
  const results = JSON.parse(await readFile(resultsPath(outcome), 'utf8')) as {
    verdict: string;
    interrupted: boolean;
    anomalies: { kind: string }[];
    figures: { invalid: number };
  };
  expect(results.verdict, label).toBe('unknown');
  expect(results.interrupted, label).toBe(true);
  if (moment.bug) {
    // Only what scenarios that finished found: the planted bug's own anomaly, never one made up.
    for (const anomaly of results.anomalies) expect(anomaly.kind, label).toBe(moment.bug.kind);
  } else {
    expect(results.anomalies, label).toEqual([]);
    expect(results.figures.invalid, label).toBe(0);
  }
}

it('Ctrl-C at 15 moments never makes up an anomaly, always reports with exit 2, and leaves no process', async () => {
  // Three at a time: each run spends seconds loading its sources.
  const outcomes: Outcome[] = [];
  const queue = MOMENTS.map((moment, index) => ({ moment, index }));
  await Promise.all(
    [0, 1, 2].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) outcomes.push(await interruptAt(next.moment, next.index));
    }),
  );
  console.log(outcomes.map((o) => `${o.moment.name}: exit ${o.code}, stopped in ${o.stopMs} ms`).join('\n'));
  for (const outcome of outcomes) await check(outcome);
  // The processes were there to be stopped: Toxiproxy and reference servers ran under siochaos.
  const all = outcomes.flatMap((o) => o.started.map((p) => p.args));
  expect(all.some((a) => a.includes('toxiproxy-server'))).toBe(true);
  expect(all.some((a) => a.includes('reference-server') || a.includes('referenceServer'))).toBe(true);
}, 240_000);
