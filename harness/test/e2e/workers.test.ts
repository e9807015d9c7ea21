/**
 * Two workers against the real reference server: a failure found by worker 2
 * is the one shrunk (from its own path), and its replay shows the same
 * anomaly; Ctrl-C while both run stops every process and writes one report.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { replayPlan } from '../../src/core/replay.js';
import { jsonReporter } from '../../src/reporters/jsonReporter.js';
import type { ResultsFile } from '../../src/model/results.js';
import { stillRunningAfter } from './processTree.js';
import { interruptRun, resultsPath, type SeenProcess } from './interruptedRun.js';
import { runCli } from '../examples/runCli.js';

let reportsDir: string;
beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-workers-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

/** Every sender misses its own message: any scenario that sends fails with `missed`. */
const BUG = 'broadcast-excludes-sender';
/** Seed 134's scenario 1 (path 0) is one Heal, which sends nothing and passes; scenario 2 (path 1), worker 2's first, sends. */
const SEED = 134;
/** Short final-phase waits (the zoo's): a missed message costs the catch-up bound in every run. */
const QUICK = { finalPhase: { drainMs: 5000, catchUpMs: 400, quietMs: 50 }, shrink: { tries: 1, failures: 1 } };

describe('two workers', () => {
  it('a failure found by worker 2 is shrunk from its path, and replays to the same anomaly', async () => {
    const result = await runCampaign(
      resolveConfig({ reportsDir, name: 'worker-two', seed: SEED, workers: 2, target: { kind: 'reference', bugs: [BUG] }, timeLimitMs: 30_000, shrinkTimeLimitMs: 15_000, ...QUICK }),
      { reporters: [jsonReporter()] },
    );
    expect(result.verdict).toBe('invalid');
    const written = JSON.parse(await readFile(path.join(result.reportDir, 'results.json'), 'utf8')) as ResultsFile;
    const search = written.scenarios!.filter((s) => s.phase === 'search');
    expect(search.find((s) => s.index === 1)).toMatchObject({ verdict: 'valid', worker: 1 });
    // The lowest failing index of the search, which worker 2 ran, is the one shrunk: its path starts at 1.
    const firstFailing = search.filter((s) => s.verdict === 'invalid').sort((a, b) => a.index - b.index)[0];
    expect(firstFailing).toMatchObject({ index: 2, worker: 2 });
    expect(result.counterexample!.path.split(':')[0]).toBe('1');
    expect(result.anomalies.map((a) => a.kind)).toContain('missed');
    expect(written.config.workers).toBe(2);
    // Two workers told the tally and the reporters at once: no count lost, every scenario listed once, in index order.
    const f = written.figures;
    expect(written.scenarios!.length).toBe(f.scenarios);
    expect(f.valid + f.invalid + f.unknown).toBe(f.scenarios);
    expect(written.scenarios!.filter((s) => s.phase === 'shrink').length).toBe(f.shrinkRuns);
    expect(new Set(written.scenarios!.map((s) => s.index)).size).toBe(f.scenarios);
    expect(written.scenarios!.map((s) => s.index)).toEqual([...written.scenarios!.map((s) => s.index)].sort((a, b) => a - b));

    const plan = await replayPlan(result.reportDir);
    const replayed = await runCampaign(resolveConfig({ ...plan.options, reportsDir }), { reporters: [] });
    expect(replayed.figures.scenarios).toBe(1);
    expect(replayed.replay).toMatchObject({ reproduced: true, missing: [] });
  }, 120_000);

  it('Ctrl-C with 2 workers stops every target and process before its report, and writes one report', async () => {
    const reports = path.join(reportsDir, 'sigint');
    const referenceServers = (seen: readonly SeenProcess[]) => seen.filter((p) => /reference-server|referenceServer/.test(p.args)).length;
    // Both workers have each run a scenario and run their next ones (each with a target started ahead): several
    // targets at once, all of which Ctrl-C must stop. The shared runner holds siochaos at its campaign's end and
    // looks then, so a target left to the parent-death signal at exit fails it.
    const run = await interruptRun(
      { args: ['--time', '60s', '--seed', '1', '--workers', '2'], env: { ...process.env, DEBUG: '' }, after: /^scenario \d+ \(worker 2\): valid/m, delayMs: 0, beforeSignal: async (seen) => referenceServers(seen) },
      reports,
    );
    const label = run.output.split('\n').slice(-8).join('\n');
    expect([run.code, run.signal], label).toEqual([2, null]);
    expect(run.before, 'reference servers seen before Ctrl-C').toBeGreaterThanOrEqual(3);
    expect(run.runningAtReport, `${label}\nrunning at the campaign's end, before the report`).toEqual([]);
    expect(await stillRunningAfter(run.started, 3000)).toEqual([]);
    const folders = (await readdir(path.join(reports, 'default'))).filter((f) => f !== 'latest');
    expect(folders).toHaveLength(1);
    const results = JSON.parse(await readFile(resultsPath(run), 'utf8')) as ResultsFile;
    expect(results).toMatchObject({ verdict: 'unknown', interrupted: true, anomalies: [] });
    expect(run.output.match(/^verdict: /gm)).toHaveLength(1);
  }, 120_000);

  it('bad --shard and --workers specs are one line and exit 2, nothing started', async () => {
    const reports = path.join(reportsDir, 'bad');
    // Every bad shard spec takes the same path (searchPool.test checks each one's words): one CLI run for shards, one for workers.
    const specs = [['--shard', '5/4'], ['--workers', '0']];
    const runs = await Promise.all(specs.map((spec) => runCli(['run', ...spec, '--reports', reports], 60_000)));
    const lines = runs.map((run) => {
      expect(run.code).toBe(2);
      return (run.stdout + run.stderr).trim().split('\n');
    });
    expect(lines).toEqual([
      [expect.stringMatching(/^siochaos: shard 5\/4: the index must be a whole number between 1 and 4 \(for example --shard 2\/4/)],
      [expect.stringMatching(/^siochaos: workers must be a whole number of at least 1, got 0/)],
    ]);
    expect(await readdir(reportsDir)).not.toContain('bad');
  }, 90_000);
});
