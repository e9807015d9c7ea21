import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { replayPlan } from '../../src/core/replay.js';
import { readHistory } from '../../src/history/jsonl.js';
import { parseResultsFile, type ResultsFile } from '../../src/model/results.js';
import { shardFolder, type ShardOutcome } from './shardFixtures.js';

let root: string;
let sets = 0;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'siochaos-merge-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `siochaos <args>` in this process: its exit code and what it printed. */
async function cli(args: string[]): Promise<{ code: number; out: string[]; errors: string[] }> {
  const out: string[] = [];
  const errors: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...line: unknown[]) => void errors.push(line.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...line: unknown[]) => void out.push(line.join(' ')));
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = signals.map((signal) => new Set(process.listeners(signal)));
  try {
    return { code: await main(args), out, errors };
  } finally {
    signals.forEach((signal, i) => process.listeners(signal).filter((l) => !before[i]!.has(l)).forEach((l) => process.off(signal, l)));
  }
}

/** Shard folders set-N/shard-i with these outcomes (undefined: that shard is left out), and a fresh --out folder. */
async function shardSet(outcomes: readonly (ShardOutcome | undefined)[], change?: (index: number, r: ResultsFile) => void): Promise<{ dirs: string[]; out: string; set: string }> {
  const set = path.join(root, `set-${++sets}`);
  const dirs: string[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (!outcome) continue;
    dirs.push(await shardFolder(path.join(set, `shard-${i + 1}`), i + 1, outcomes.length, outcome, (r) => change?.(i + 1, r)));
  }
  return { dirs, out: path.join(root, `merged-${sets}`), set };
}

async function mergedResults(out: string): Promise<ResultsFile> {
  return parseResultsFile(await readFile(path.join(out, 'results.json'), 'utf8'), 'results.json');
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
interface Suite { name: string; tests: string; failures: string; errors: string; testcase: unknown }
async function suites(out: string): Promise<Suite[]> {
  const parsed = xml.parse(await readFile(path.join(out, 'junit.xml'), 'utf8')) as { testsuites: { testsuite: Suite | Suite[] } };
  return [parsed.testsuites.testsuite].flat();
}

describe('siochaos merge', () => {
  it('merges four valid shards into one valid report: figures summed, families merged, a testsuite per shard', async () => {
    const { dirs, out } = await shardSet(['valid', 'valid', 'valid', 'valid']);
    const run = await cli(['merge', ...dirs, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.errors).toEqual([]);
    const results = await mergedResults(out);
    const one = parseResultsFile(await readFile(path.join(dirs[0]!, 'results.json'), 'utf8'), 'x');
    expect(results.verdict).toBe('valid');
    expect(results.figures).toMatchObject({ scenarios: 4, valid: 4, invalid: 0, unknown: 0, messagesSent: 4 * one.figures.messagesSent });
    expect(results.figures.faultsInjected).toEqual({ 'limit-data': 4, 'fault-of-1': 1, 'fault-of-2': 2, 'fault-of-3': 3, 'fault-of-4': 4 });
    // Phase totals summed; medians figured again over the four scenarios as one campaign would (nearest rank), not summed.
    expect(results.figures.phasesMs).toMatchObject({ total: { target: 1000, commands: 100 }, median: { target: 200, commands: 20 }, overheadTotal: 1000, overheadMedian: 200 });
    expect(results.faultFamilies).toEqual([{ family: 'network', drawn: ['fault-of-1', 'fault-of-2', 'fault-of-3', 'fault-of-4'], skipped: [{ fault: 'node-crash', reason: 'one node' }] }]);
    expect(results.scenarios?.map((s) => [s.index, s.shard])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
    expect(results.merge?.shards.map((s) => [s.index, s.verdict, s.folder])).toEqual([1, 2, 3, 4].map((i) => [i, 'valid', `shards/shard-${i}-of-4`]));
    expect(results.shard).toBeUndefined();
    // From the earliest start (01:01) to the latest end (01:04 + 4 s).
    expect(results.startedAt).toBe('2026-12-07T01:01:00.000Z');
    expect(results.durationMs).toBe(3 * 60_000 + 4000);
    const junit = await suites(out);
    expect(junit.map((s) => [s.name, s.tests, s.failures, s.errors])).toEqual([1, 2, 3, 4].map((i) => [`siochaos: fixture shard ${i}/4`, '1', '0', '0']));
    expect(await readdir(path.join(out, 'shards', 'shard-3-of-4'))).toEqual(expect.arrayContaining(['results.json', 'history.jsonl']));
    expect(await readdir(out)).toEqual(expect.arrayContaining(['results.json', 'history.jsonl', 'report.html', 'junit.xml', 'summary.md', 'shards']));
  });

  it('an invalid shard wins over unknown and valid ones, and its counterexample replays from its copy', async () => {
    const { dirs, out } = await shardSet(['valid', 'invalid', 'unknown', 'invalid']);
    const run = await cli(['merge', ...dirs, '--out', out]);
    expect(run.code).toBe(1);
    const results = await mergedResults(out);
    expect(results.verdict).toBe('invalid');
    expect(results.figures).toMatchObject({ scenarios: 4, valid: 1, invalid: 2, unknown: 1 });
    expect(results.merge?.shown).toBe(2);
    const copy2 = path.join(out, 'shards', 'shard-2-of-4');
    expect(results.counterexample?.replayCommand).toBe(`npx siochaos replay ${copy2}`);
    expect(results.merge?.shards.map((s) => s.counterexample?.replayCommand)).toEqual([undefined, `npx siochaos replay ${copy2}`, undefined, `npx siochaos replay ${path.join(out, 'shards', 'shard-4-of-4')}`]);
    expect(results.anomalies.map((a) => a.kind).sort()).toEqual(['duplicated', 'lost']);
    expect(await readHistory(path.join(out, 'history.jsonl'))).toEqual(await readHistory(path.join(dirs[1]!, 'history.jsonl')));
    // The merged folder and the shard's copy replay the same scenario: the seed and fast-check path of shard 2.
    const [fromMerged, fromCopy] = await Promise.all([replayPlan(out), replayPlan(copy2)]);
    expect(fromMerged.options.seed).toBe(fromCopy.options.seed);
    expect(fromMerged.options.replay).toEqual(fromCopy.options.replay);
    expect((fromMerged.options as { shard?: unknown }).shard).toBeUndefined();
    const junit = await suites(out);
    expect(junit.map((s) => [s.failures, s.errors])).toEqual([['0', '0'], ['1', '0'], ['0', '1'], ['1', '0']]);
    const summary = await readFile(path.join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('Merged from 4 of 4 shards: 1 valid, 2 invalid (shard 2/4, shard 4/4), 1 unknown (shard 3/4).');
    expect(summary).toContain(`npx siochaos replay ${path.join(out, 'shards', 'shard-4-of-4')}`);
    expect(run.out).toContain(`replay: npx siochaos replay ${copy2}`);
  });

  it('shows the invalid shard whose failure comes first in the campaign, as the unsharded run would, not the first shard', async () => {
    // Shard 2 failed at scenario 10, shard 4 at scenario 4: the unsharded campaign of the seed stops at 4.
    const { dirs, out } = await shardSet(['valid', 'invalid', 'valid', 'invalid'], (index, r) => {
      for (const s of r.scenarios ?? []) s.index = index === 2 ? 10 : index;
    });
    expect((await cli(['merge', ...dirs, '--out', out])).code).toBe(1);
    expect((await mergedResults(out)).merge?.shown).toBe(4);
  });

  it('unknown beats valid, and an interrupted shard is named', async () => {
    const { dirs, out } = await shardSet(['valid', 'interrupted']);
    const run = await cli(['merge', ...dirs, '--out', out]);
    expect(run.code).toBe(2);
    const results = await mergedResults(out);
    expect(results.verdict).toBe('unknown');
    expect(results.interrupted).toBe(true);
    expect(results.error).toBe('shard 2/2 was interrupted after 1 scenario');
    expect(results.unknowns).toEqual([{ index: 2, shard: 2, reason: 'scenario 2 timed out' }]);
    expect(run.out.some((l) => l.includes('shard 2/2 unknown, interrupted'))).toBe(true);
  });

  it('merges shards 1, 2 and 4 of 4 loudly: a warning on stderr and in every report, verdict unknown, exit 2', async () => {
    const { dirs, out } = await shardSet(['valid', 'valid', undefined, 'valid']);
    const run = await cli(['merge', ...dirs, '--out', out]);
    expect(run.code).toBe(2);
    const warning = 'Shard 3/4 is missing: no report folder of it was merged, so its scenarios were not judged.';
    expect(run.errors).toEqual([`siochaos merge: WARNING: ${warning}`]);
    const results = await mergedResults(out);
    expect(results.verdict).toBe('unknown');
    expect(results.merge?.missing).toEqual([3]);
    expect(results.error).toBe('shard 3/4 is missing (no report folder given), so its scenarios were not judged');
    expect(await readFile(path.join(out, 'summary.md'), 'utf8')).toContain(`> ⚠️ **${warning}**`);
    expect(await readFile(path.join(out, 'report.html'), 'utf8')).toContain(warning);
    const junit = await suites(out);
    expect(junit.map((s) => s.name)).toEqual([1, 2, 3, 4].map((i) => `siochaos: fixture shard ${i}/4`));
    expect(junit[2]).toMatchObject({ tests: '1', errors: '1', testcase: { error: { type: 'missing-shard' } } });
  });

  it('keeps invalid when a shard is missing, and still warns', async () => {
    const { dirs, out } = await shardSet(['invalid', undefined]);
    const run = await cli(['merge', ...dirs, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect((await mergedResults(out)).merge?.missing).toEqual([2]);
  });

  it('merges shards that differ only in what may differ between machines: name, budgets, outputs, workers', async () => {
    const { dirs, out } = await shardSet(['valid', 'valid'], (i, r) => {
      Object.assign(r.config, { name: `machine-${i}`, runs: 10 * i, timeLimitMs: 1000 * i, reportsDir: `/ci/${i}`, workers: i, keepAllHistories: i === 2 });
    });
    expect((await cli(['merge', ...dirs, '--out', out])).code).toBe(0);
  });

  it('expands a quoted glob', async () => {
    const { out, set } = await shardSet(['valid', 'valid']);
    const run = await cli(['merge', path.join(set, 'shard-*'), '--out', out]);
    expect(run.code).toBe(0);
    expect((await mergedResults(out)).merge?.shards.map((s) => s.source)).toEqual([path.join(set, 'shard-1'), path.join(set, 'shard-2')]);
  });

  describe('refuses in one line with exit 2, writing nothing', () => {
    async function refused(args: string[], out: string): Promise<string> {
      const run = await cli(['merge', ...args, '--out', out]);
      expect(run.code).toBe(2);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).not.toContain('\n');
      expect(await readdir(out).catch(() => 'absent')).toBe('absent');
      return run.errors[0]!;
    }

    it('mixed seeds', async () => {
      const { dirs, out } = await shardSet(['valid', 'valid', 'valid'], (i, r) => {
        if (i === 3) r.seed = 7;
      });
      expect(await refused(dirs, out)).toBe(
        `siochaos: shards ran with different seeds: 42 in ${dirs[0]} (shard 1/3), 7 in ${dirs[2]} (shard 3/3): run every shard with the same --seed`,
      );
    });

    it('mixed configs, naming the fields that differ', async () => {
      const { dirs, out } = await shardSet(['valid', 'valid'], (i, r) => {
        if (i === 2) Object.assign(r.config, { clients: 5, strategy: 'ack-retry', reportsDir: '/other', shard: { index: 2, count: 2 } });
      });
      expect(await refused(dirs, out)).toBe(
        `siochaos: shards ran with different configs: ${dirs[0]} (shard 1/2) and ${dirs[1]} (shard 2/2): they differ in clients, strategy: run every shard with the same config`,
      );
    });

    it('mixed config digests as the runs recorded them, even when no field the file keeps differs', async () => {
      const { dirs, out } = await shardSet(['valid', 'valid'], (i, r) => {
        r.configDigest = i === 1 ? '00112233445566aa' : '00112233445566bb';
      });
      expect(await refused(dirs, out)).toBe(
        `siochaos: shards ran with different configs: ${dirs[0]} (shard 1/2) and ${dirs[1]} (shard 2/2): their config digests differ (00112233445566aa, 00112233445566bb): run every shard with the same config`,
      );
    });

    it('a shard given twice', async () => {
      const { dirs, out } = await shardSet(['valid', 'valid']);
      expect(await refused([dirs[0]!, dirs[1]!, dirs[0]!], out)).toBe(`siochaos: shard 1/2 given twice: ${dirs[0]} and ${dirs[0]}: give each shard's folder once`);
    });

    it('shards of different splits', async () => {
      const a = await shardSet(['valid', 'valid']);
      const b = await shardSet(['valid', 'valid', 'valid']);
      expect(await refused([a.dirs[0]!, b.dirs[1]!], a.out)).toMatch(/^siochaos: shards of different splits: .+ \(shard 1\/2\) and .+ \(shard 2\/3\): merge the shards of one campaign$/);
    });

    it('a folder that is not a report, and the report of a whole campaign', async () => {
      const { dirs, out } = await shardSet(['valid', 'valid']);
      const empty = path.join(root, 'not-a-report');
      await mkdir(empty, { recursive: true });
      expect(await refused([dirs[0]!, empty], out)).toMatch(/^siochaos: .*not-a-report is not a report folder: cannot read .*results\.json \(ENOENT\)/);
      const whole = await shardFolder(path.join(root, 'whole'), 1, 1, 'valid', (r) => delete r.shard);
      expect(await refused([whole], out)).toBe(`siochaos: ${whole} is the report of a whole campaign, not of a shard: merge the folders that siochaos run --shard i/n wrote`);
      expect(await refused([path.join(root, 'nothing-here-*')], out)).toMatch(/^siochaos: no folder matches/);
    });

    it('an --out folder that is not empty', async () => {
      const { dirs, out } = await shardSet(['valid']);
      await mkdir(out);
      await writeFile(path.join(out, 'keep.txt'), 'mine');
      const run = await cli(['merge', ...dirs, '--out', out]);
      expect(run).toMatchObject({ code: 2, errors: [`siochaos: ${out} is not empty: give --out a new or empty folder for the merged report`] });
      expect(await readdir(out)).toEqual(['keep.txt']);
    });
  });
});
