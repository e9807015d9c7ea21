/**
 * Campaigns on the reference target with the cluster adapter (three workers
 * of one process): the correct server stays valid while its workers are
 * killed, restarted and paused one at a time; a multi-node bug
 * (node-memory-dedupe) is found, and siochaos's own failpoint kill is not
 * reported as the server's crash. Each campaign stops at its first invalid
 * scenario, unshrunk.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { ZOO_NODES_CAMPAIGN } from '../../../bench/zoo/zooCampaign.js';
import nodeFailover from '../../../scenarios/node-failover.js';
import zooNodes from '../../../scenarios/zoo-nodes.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import type { CampaignResult } from '../../src/core/CampaignResult.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { useZooFixture } from '../zoo/zooFixture.js';

const reports = useZooFixture('siochaos-ref-cluster-campaign-');

/** Runs `options` on three cluster workers until `budgetMs` or its first invalid scenario (its anomaly kinds). */
async function clusterCampaign(name: string, options: Partial<CampaignOptions>, budgetMs: number): Promise<{ result: CampaignResult; kinds?: string[] }> {
  const controller = new AbortController();
  let kinds: string[] | undefined;
  const config = resolveConfig({
    transport: 'websocket',
    ...options,
    name,
    seed: 1,
    timeLimitMs: budgetMs,
    shrinkTimeLimitMs: 1000,
    reportsDir: path.join(reports.dir, name),
  });
  const result = await runCampaign(config, {
    signal: controller.signal,
    reporters: [
      {
        name: 'stop-at-invalid',
        onScenarioEnd(summary, scenario) {
          if (kinds || summary.verdict !== 'invalid') return;
          kinds = [...new Set(scenario.check.anomalies.map((a) => a.kind))];
          controller.abort();
        },
      },
    ],
  });
  return { result, ...(kinds ? { kinds } : {}) };
}

it('the correct server on three cluster workers stays valid under node-failover, its workers killed, restarted and paused', async () => {
  const { result, kinds } = await clusterCampaign('correct', { scenario: nodeFailover, target: { kind: 'reference', nodes: 3, adapter: 'cluster' } }, 15_000);
  expect(result.error).toBeUndefined();
  expect(kinds, `found ${kinds?.join(', ')}`).toBeUndefined();
  expect(result.verdict).toBe('valid');
  const injected = result.figures.faultsInjected;
  expect((injected['node-crash'] ?? 0) + (injected['node-restart'] ?? 0) + (injected['node-pause'] ?? 0)).toBeGreaterThan(0);
}, 120_000);

it('node-memory-dedupe on three cluster workers: a retry that fails over after its worker died at the failpoint is stored twice, and that kill is not a crash', async () => {
  const { result, kinds } = await clusterCampaign(
    'node-memory-dedupe',
    { ...ZOO_NODES_CAMPAIGN, scenario: zooNodes, target: { kind: 'reference', nodes: 3, adapter: 'cluster', bugs: ['node-memory-dedupe'] } },
    40_000,
  );
  expect(result.error).toBeUndefined();
  expect(kinds, `no scenario failed in ${result.figures.scenarios} scenarios`).toContain('duplicated');
  // siochaos's own failpoint kill is never the server's crash. (Once in about ten runs under load the same scenario
  // also showed a duplicated-delivery beside the duplicate: with this bug two rows hold one message.)
  expect(kinds).not.toContain('target-crashed');
}, 120_000);
