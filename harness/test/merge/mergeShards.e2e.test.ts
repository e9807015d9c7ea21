/**
 * Real sharded campaigns merged: four shards of a campaign against the
 * reference server, and the same campaign unsharded with the same seed, must
 * agree on the scenarios run, the verdict and the counts; two shards of a
 * campaign against a planted bug merge to invalid, and the merged folder's
 * counterexample replays to the same anomaly without its shard.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import type { CampaignResult } from '../../src/core/CampaignResult.js';
import { replayPlan } from '../../src/core/replay.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { mergeReports, type MergedReport } from '../../src/merge/mergeReports.js';
import { parseResultsFile, type ResultsFile } from '../../src/model/results.js';
import { reportersByName } from '../../src/reporters/registry.js';

let root: string;
let whole: CampaignResult;
let merged: MergedReport;
let bugMerged: MergedReport;

const SEED = 11;

/** A campaign writing every file a shard's report folder holds, in its own reports folder (as on its own CI machine). */
function campaign(reports: string, options: CampaignOptions): Promise<CampaignResult> {
  return runCampaign(resolveConfig({ seed: SEED, workers: 1, timeLimitMs: 120_000, reportsDir: path.join(root, reports), ...options }), {
    reporters: reportersByName(['json', 'html', 'junit', 'markdown']),
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'siochaos-shards-'));
  // The shards run at once (one machine each in CI); the whole campaign beside the planted bug's two shards.
  const shards = await Promise.all([1, 2, 3, 4].map((index) => campaign(`shard-${index}`, { name: 'chat', runs: 8, shard: { index, count: 4 } })));
  const bug = { name: 'bug', runs: 2, shrink: { tries: 1 }, shrinkTimeLimitMs: 1, target: { kind: 'reference' as const, bugs: ['broadcast-excludes-sender'] } };
  const [unsharded, ...bugShards] = await Promise.all([
    campaign('whole', { name: 'chat', runs: 8 }),
    ...[1, 2].map((index) => campaign(`bug-${index}`, { ...bug, shard: { index, count: 2 } })),
  ]);
  whole = unsharded!;
  merged = await mergeReports(shards.map((s) => s.reportDir), { out: path.join(root, 'merged') });
  bugMerged = await mergeReports(bugShards.map((s) => s.reportDir), { out: path.join(root, 'bug-merged') });
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('siochaos merge of real shard folders', () => {
  it('equals the unsharded campaign: the same scenario indices, verdict and counts', async () => {
    expect(whole.error).toBeUndefined();
    const m = merged.results;
    expect(m.verdict).toBe(whole.verdict);
    const written = parseResultsFile(await readFile(path.join(whole.reportDir, 'results.json'), 'utf8'), 'results.json');
    const indices = (r: ResultsFile) => (r.scenarios ?? []).filter((s) => s.phase === 'search').map((s) => s.index);
    expect(indices(m).length).toBeGreaterThanOrEqual(4);
    expect(indices(m)).toEqual(indices(written));
    expect(m.figures.scenarios).toBe(whole.figures.scenarios);
    expect([m.figures.valid, m.figures.invalid, m.figures.unknown]).toEqual([whole.figures.valid, whole.figures.invalid, whole.figures.unknown]);
    expect(m.configDigest).toBe(whole.configDigest);
    expect(m.merge?.shards.map((s) => s.index)).toEqual([1, 2, 3, 4]);
  });

  it('writes every reporter’s file, with a JUnit testsuite per shard holding that shard’s scenarios', async () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await readFile(merged.files.junit, 'utf8')) as {
      testsuites: { testsuite: { name: string; testcase: { name: string } | { name: string }[] }[] };
    };
    const suites = parsed.testsuites.testsuite;
    expect(suites.map((s) => s.name)).toEqual([1, 2, 3, 4].map((i) => `siochaos: chat shard ${i}/4`));
    for (const [i, suite] of suites.entries()) {
      const cases = [suite.testcase].flat().map((c) => Number(c.name.replace('scenario ', '')));
      expect(cases.length).toBeGreaterThan(0);
      // Shard i runs the scenarios at paths k with k mod 4 = i - 1: report indices k + 1.
      expect(cases.every((n) => (n - 1) % 4 === i)).toBe(true);
    }
    expect(await readFile(merged.files.markdown, 'utf8')).toContain('Merged from 4 of 4 shards');
    expect(await readFile(merged.files.html, 'utf8')).toContain('shards/shard-4-of-4/report.html');
  });

  it('merges a planted bug’s shards to invalid, and the merged folder replays its counterexample without the shard', async () => {
    const m = bugMerged.results;
    expect(m.verdict).toBe('invalid');
    expect(m.merge?.shards.every((s) => s.verdict === 'invalid' && s.counterexample)).toBe(true);
    const kinds = [...new Set(m.anomalies.map((a) => a.kind))];
    expect(kinds.length).toBeGreaterThan(0);
    const plan = await replayPlan(bugMerged.dir);
    expect(plan.options.shard).toBeUndefined();
    expect(plan.options.replay?.path).toBe(m.merge?.shards[0]?.counterexample?.path);
    const replayed = await runCampaign(resolveConfig({ ...plan.options, reportsDir: path.join(root, 'replays') }), { reporters: [] });
    expect(replayed.verdict).toBe('invalid');
    expect(replayed.anomalies.map((a) => a.kind)).toEqual(expect.arrayContaining(kinds));
  }, 60_000);
});
