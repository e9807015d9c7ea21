import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { replayPlan } from '../../src/core/replay.js';
import { jsonReporter } from '../../src/reporters/jsonReporter.js';
import { runCli } from '../examples/runCli.js';

let reportsDir: string;
beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-e2e-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

function campaign(options: CampaignOptions) {
  return runCampaign(resolveConfig({ reportsDir, timeLimitMs: 20_000, shrinkTimeLimitMs: 60_000, ...options }), {
    reporters: [jsonReporter()],
  });
}

describe('the walking-skeleton property', () => {
  it('stays valid against the reference server with the ordered unlimited-retry client', async () => {
    const result = await campaign({ name: 'valid', seed: 7, runs: 6 });
    expect(result.error).toBeUndefined();
    expect(result.verdict).toBe('valid');
    expect(result.figures.scenarios).toBe(6);
    expect(result.figures.messagesSent).toBeGreaterThan(0);
    expect(result.figures.messagesStored).toBe(result.figures.messagesSent);
    expect(Object.values(result.figures.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('fails with `duplicated`, shrunk, against a server without the UNIQUE constraint, and replays', async () => {
    const result = await campaign({ name: 'no-unique', seed: 1, target: { kind: 'reference', bugs: ['no-unique'] } });
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => a.kind)).toContain('duplicated');
    const counterexample = result.counterexample!;
    expect(counterexample.commands.length).toBeLessThanOrEqual(4);
    expect(result.figures.shrinkRuns).toBeGreaterThan(0);

    const written = JSON.parse(await readFile(path.join(result.reportDir, 'results.json'), 'utf8'));
    expect(written.verdict).toBe('invalid');
    expect(written.counterexample.commands).toEqual(counterexample.commands);
    const history = await readFile(path.join(result.reportDir, 'history.jsonl'), 'utf8');
    expect(history).toContain('"type":"final-read"');

    const plan = await replayPlan(result.reportDir);
    const replayed = await runCampaign(resolveConfig({ ...plan.options, reportsDir }), { reporters: [] });
    expect(replayed.verdict).toBe('invalid');
    expect(replayed.figures.scenarios).toBe(1);
    expect(replayed.anomalies.map((a) => [a.kind, a.msgs])).toEqual(result.anomalies.map((a) => [a.kind, a.msgs]));
    expect(replayed.replay).toMatchObject({ reproduced: true, sameMessages: true, missing: [] });

    // The failing scenario as the search found it (its path before shrinking), against the correct server: one
    // scenario, and it says the anomalies did not come back. Before, fast-check went on with the scenarios after it.
    const unshrunk = { ...plan.options.replay!, path: counterexample.path.split(':')[0]!, commandsPath: '' };
    const fixed = await runCampaign(resolveConfig({ ...plan.options, replay: unshrunk, target: { kind: 'reference' }, reportsDir }), {
      reporters: [],
    });
    expect(fixed.figures.scenarios).toBe(1);
    expect(fixed.verdict).toBe('valid');
    expect(fixed.replay).toMatchObject({ verdict: 'valid', reproduced: false, missing: ['duplicated'] });

    const cli = await runCli(['replay', result.reportDir, '--repeat', '3'], 120_000);
    expect(cli.stderr).not.toMatch(/Error/);
    expect(cli.stdout).toMatch(/^reproduced [1-3] of 3 \(duplicated\)/m);
    expect(cli.code).toBe(1);
  }, 300_000);

  it('fails with `lost` against the at-most-once client', async () => {
    const result = await campaign({ name: 'at-most-once', seed: 2, strategy: 'at-most-once' });
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => a.kind)).toContain('lost');
    expect(result.counterexample!.commands.length).toBeLessThanOrEqual(3);
  }, 180_000);
});
