/**
 * The multi-node bug zoo, fast: with the multi-node zoo scenario
 * (scenarios/zoo-nodes.ts) on three reference nodes, a fixed seed per bug
 * finds every planted multi-node bug (NODE_BUGS) with an anomaly the zoo says
 * it shows, and the correct server on three Redis nodes stays valid for a
 * short run. Campaigns run two at a time: each stops at its first failing
 * scenario, unshrunk. The benchmark (npm run bench:zoo) measures the same
 * over many seeds.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedKinds } from '../../../bench/zoo/expectedKinds.js';
import { ZOO_NODES_CAMPAIGN } from '../../../bench/zoo/zooCampaign.js';
import { ZOO_NODE_SEEDS } from '../../../bench/zoo/zooSeeds.js';
import { zooTarget } from '../../../bench/zoo/zooTarget.js';
import { NODE_BUG_NAMES, type NodeBugName } from '../../../reference-server/src/bugs.js';
import zooNodes from '../../../scenarios/zoo-nodes.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignResult } from '../../src/core/CampaignResult.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { inTurns } from './inTurns.js';
import { useZooFixture } from './zooFixture.js';

/** Search budget of a buggy target: detection takes one or two scenarios (4-25 s on a loaded 2-core machine); a campaign stops at its first failure. */
const BUDGET_MS = 40_000;

/**
 * no-adapter-error-listener's budget: its node dies only when a cut from Redis
 * lasts until ioredis is refused a reconnect, which took 9-10 scenarios in
 * bench:zoo (4 fitted in 40 s beside the other campaigns, and it was not
 * found). It runs first, so it overlaps the others.
 */
const LONG_BUDGET: Partial<Record<NodeBugName, number>> = { 'no-adapter-error-listener': 100_000 };

const budgetOf = (bug: NodeBugName): number => LONG_BUDGET[bug] ?? BUDGET_MS;

/** How long the correct server is searched: a few scenarios on an idle machine (one or two at load 18; 10 s since the suite outgrew 10 minutes on a slower machine). */
const CORRECT_MS = 10_000;

/** Campaigns at once: each runs three nodes, so two fill two cores. */
const AT_ONCE = 2;

/** How a campaign here ended: its result and its first invalid scenario, if any. */
interface Outcome {
  result: CampaignResult;
  first?: { index: number; kinds: string[] };
}

// One Toxiproxy for every campaign of this file (Redis is globalSetup's, through REDIS_URL).
const reports = useZooFixture('siochaos-zoo-nodes-test-');

const inTurn = inTurns(AT_ONCE);

/** Runs zoo-nodes against `bug` (null: the correct server) on three nodes and stops, without shrinking, at the first invalid scenario or at `budgetMs`. */
function nodesCampaign(bug: NodeBugName | null, seed: number, budgetMs: number): Promise<Outcome> {
  return inTurn(async () => {
    const controller = new AbortController();
    let first: Outcome['first'];
    const config = resolveConfig({
      ...ZOO_NODES_CAMPAIGN,
      name: `zoo-nodes-${bug ?? 'correct'}`,
      seed,
      timeLimitMs: budgetMs,
      shrinkTimeLimitMs: 1000,
      scenario: zooNodes,
      target: { kind: 'reference', ...zooTarget(bug, { nodes: true }) },
      // A folder per campaign: campaigns at once would race on one folder's `latest` link.
      reportsDir: path.join(reports.dir, bug ?? 'correct'),
    });
    const result = await runCampaign(config, {
      signal: controller.signal,
      reporters: [
        {
          name: 'stop-at-invalid',
          onScenarioEnd(summary, scenario) {
            if (first || summary.verdict !== 'invalid') return;
            first = { index: summary.index, kinds: [...new Set(scenario.check.anomalies.map((a) => a.kind))] };
            controller.abort();
          },
        },
      ],
    });
    return { result, ...(first ? { first } : {}) };
  });
}

describe.concurrent('the multi-node bug zoo, found by zoo-nodes on three nodes with a fixed seed', () => {
  for (const bug of [...NODE_BUG_NAMES].sort((a, b) => budgetOf(b) - budgetOf(a))) {
    const expected = expectedKinds(bug);
    const { adapter } = zooTarget(bug);
    it(`${bug} (${adapter}): ${expected.join(' or ')} within ${budgetOf(bug) / 1000} s (seed ${ZOO_NODE_SEEDS[bug]})`, async () => {
      const { result, first } = await nodesCampaign(bug, ZOO_NODE_SEEDS[bug], budgetOf(bug));
      expect(result.error).toBeUndefined();
      expect(first, `no scenario failed in ${result.figures.scenarios} scenarios`).toBeDefined();
      expect(first!.kinds.some((kind) => expected.includes(kind)), `found ${first!.kinds.join(', ')}`).toBe(true);
    }, 400_000);
  }

  it(`the correct server on three redis nodes stays valid for ${CORRECT_MS / 1000} s`, async () => {
    const { result, first } = await nodesCampaign(null, 1, CORRECT_MS);
    expect(result.error).toBeUndefined();
    expect(first, `scenario ${first?.index} found ${first?.kinds.join(', ')}`).toBeUndefined();
    expect(result.verdict).toBe('valid');
    expect(result.figures.scenarios).toBeGreaterThan(0);
  }, 400_000);
});
