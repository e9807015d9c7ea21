/**
 * A campaign's time limit stops the search between scenarios, never in the
 * middle of one: fast-check's own interruptAfterTimeLimit abandoned the
 * scenario under way, so the campaign stopped Toxiproxy and reported while
 * that scenario's target and proxies were still up (the soak counted them as
 * left over), and the scenario it had paid for went uncounted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { runCampaign } from '../../src/core/runCampaign.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-time-limit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('lets the scenario under way finish when the time limit passes, and counts it', async () => {
  const ended: number[] = [];
  const result = await runCampaign(
    // A limit shorter than one scenario (a target start, commands, the final phase).
    resolveConfig({ seed: 3, clients: 2, timeLimitMs: 300, shrinkTimeLimitMs: 1, reportsDir: dir }),
    { reporters: [{ name: 'ends', onScenarioEnd: () => void ended.push(Date.now()) }] },
  );
  expect(result.error).toBeUndefined();
  expect(result.figures.scenarios).toBeGreaterThanOrEqual(1);
  expect(ended).toHaveLength(result.figures.scenarios);
  expect(result.verdict).toBe('valid');
}, 60_000);
