/**
 * What results.json carries for merging shards: the shard, and a digest that
 * is the same for the shards of one campaign and differs between campaigns.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { configDigest } from '../../src/core/configDigest.js';
import { emptyTally, summarizeCampaign } from '../../src/core/summarizeCampaign.js';
import { resultsFileSchema } from '../../src/model/results.js';
import { toResultsFile } from '../../src/reporters/resultsFile.js';

const base = { seed: 42, reportsDir: '/tmp/r' };

describe('configDigest', () => {
  it('is the same for the shards, workers, budgets and outputs of one campaign', () => {
    const digest = configDigest(resolveConfig(base));
    expect(digest).toMatch(/^[0-9a-f]{16}$/);
    for (const other of [
      { shard: { index: 2, count: 4 } }, { workers: 3 }, { runs: 5, timeLimitMs: 1000, shrinkTimeLimitMs: 1000 },
      { name: 'other', reportsDir: '/elsewhere', reporters: ['json'], keepAllHistories: true },
    ]) {
      expect(configDigest(resolveConfig({ ...base, ...other })), JSON.stringify(other)).toBe(digest);
    }
  });

  it('differs when what defines the scenarios or their judgement differs', () => {
    const digest = configDigest(resolveConfig(base));
    for (const other of [
      { seed: 43 }, { clients: 2 }, { strategy: 'ack-retry' }, { maxCommands: 14 }, { transport: 'any' as const },
      { target: { kind: 'reference' as const, bugs: ['no-unique'] } }, { ackTimeoutMs: 999 }, { retries: 3 }, { shrink: { tries: 2 } },
    ]) {
      expect(configDigest(resolveConfig({ ...base, ...other })), JSON.stringify(other)).not.toBe(digest);
    }
  });

  it('results.json records the shard and the digest, and its schema reads them back', () => {
    const config = resolveConfig({ ...base, shard: { index: 3, count: 4 }, workers: 2 });
    const result = summarizeCampaign({ config, startedAt: new Date(), reportDir: '/tmp/r/x', tally: emptyTally(), interrupted: false, failed: false, faultFamilies: [] });
    expect(result).toMatchObject({ shard: { index: 3, count: 4 }, configDigest: configDigest(config) });
    const file = resultsFileSchema.parse(JSON.parse(JSON.stringify(toResultsFile(result))));
    expect(file).toMatchObject({ shard: { index: 3, count: 4 }, configDigest: configDigest(config), config: { workers: 2, shard: { index: 3, count: 4 } } });
    const whole = summarizeCampaign({ config: resolveConfig(base), startedAt: new Date(), reportDir: '/tmp/r/x', tally: emptyTally(), interrupted: false, failed: false, faultFamilies: [] });
    expect(whole.shard).toBeUndefined();
  });
});
