/**
 * The bug zoo, fast: with the benchmark's scenario (scenarios/zoo.ts) and
 * campaign settings, a fixed seed per bug finds every planted bug of the
 * reference server within a small budget, with an anomaly the zoo says the
 * bug shows, and the correct server stays valid under the same budget.
 * The benchmark (npm run bench:zoo) measures the same over many seeds.
 */
import { describe, expect, it } from 'vitest';
import { expectedKinds } from '../../../bench/zoo/expectedKinds.js';
import { ZOO_CAMPAIGN } from '../../../bench/zoo/zooCampaign.js';
import { ZOO_SEEDS } from '../../../bench/zoo/zooSeeds.js';
import { BUG_NAMES, type BugName } from '../../../reference-server/src/bugs.js';
import zoo from '../../../scenarios/zoo.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignResult, ScenarioSummary } from '../../src/core/CampaignResult.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import type { ScenarioResult } from '../../src/core/runScenario.js';
import { useZooFixture } from './zooFixture.js';

/** Search budget of every campaign here: detection takes 1-5 s on an idle machine; the rest is room for a loaded one (a campaign stops at its first failure, so only the correct server spends it all). */
const BUDGET_MS = 25_000;

/**
 * How long the correct server is searched: a handful of scenarios on a loaded
 * machine (it was 25 s, the bugs' budget, until the suite outgrew 10 minutes
 * on 2 cores; many other tests run the correct server too).
 */
const CORRECT_MS = 12_000;

/** The seed each bug is searched with: see bench/zoo/zooSeeds.ts. */
const SEEDS = ZOO_SEEDS;

/** How a campaign here ended: its result, its first scenario that `stopAt` picked, and how many scenarios did not drain. */
interface Outcome {
  result: CampaignResult;
  first?: { index: number; kinds: string[]; notes: string[] };
  undrained: number;
}

/** Picks the scenario a campaign here stops at. */
type StopAt = (summary: ScenarioSummary, scenario: ScenarioResult) => boolean;

const invalid: StopAt = (summary) => summary.verdict === 'invalid';

/** Whether a scenario's clients were still busy with messages when the final phase gave up on them. */
function undrained(scenario: ScenarioResult): boolean {
  return scenario.history.some((e) => e.type === 'not-drained');
}

// One Toxiproxy for every campaign of this file.
const reports = useZooFixture('siochaos-zoo-test-');

/**
 * Runs the zoo campaign against `bugs` and stops (between scenarios, without
 * shrinking) at the first scenario `stopAt` picks, or at the budget.
 */
async function zooCampaign(bugs: BugName[], seed: number, stopAt: StopAt, budgetMs = BUDGET_MS): Promise<Outcome> {
  const controller = new AbortController();
  let first: Outcome['first'];
  let undrainedScenarios = 0;
  const config = resolveConfig({
    ...ZOO_CAMPAIGN,
    name: `zoo-${bugs.join('+') || 'correct'}`,
    seed,
    timeLimitMs: budgetMs,
    shrinkTimeLimitMs: 1000,
    scenario: zoo,
    target: { kind: 'reference', bugs },
    reportsDir: reports.dir,
  });
  const result = await runCampaign(config, {
    signal: controller.signal,
    reporters: [
      {
        name: 'stop-at',
        onScenarioEnd(summary, scenario) {
          if (undrained(scenario)) undrainedScenarios++;
          if (first || !stopAt(summary, scenario)) return;
          first = { index: summary.index, kinds: [...new Set(scenario.check.anomalies.map((a) => a.kind))], notes: scenario.check.notes };
          controller.abort();
        },
      },
    ],
  });
  return { result, ...(first ? { first } : {}), undrained: undrainedScenarios };
}

describe('the bug zoo, found by the zoo scenario with a fixed seed', () => {
  for (const bug of BUG_NAMES) {
    // The zoo's kinds, and those it leaves out (bench/zoo/expectedKinds.ts).
    const expected = expectedKinds(bug);
    it(`${bug}: ${expected.join(' or ')} within ${BUDGET_MS / 1000} s (seed ${SEEDS[bug]})`, async () => {
      const { result, first } = await zooCampaign([bug], SEEDS[bug], invalid);
      expect(result.error).toBeUndefined();
      expect(first, `no scenario failed in ${result.figures.scenarios} scenarios`).toBeDefined();
      expect(first!.kinds.some((kind) => expected.includes(kind)), `found ${first!.kinds.join(', ')}`).toBe(true);
    }, 60_000);
  }

  it(`the correct server stays valid for ${CORRECT_MS / 1000} s`, async () => {
    const { result, first, undrained: stuck } = await zooCampaign([], 1, invalid, CORRECT_MS);
    expect(result.error).toBeUndefined();
    expect(first, `scenario ${first?.index} found ${first?.kinds.join(', ')}`).toBeUndefined();
    expect(stuck, 'scenarios whose clients did not drain').toBe(0);
    expect(result.verdict).toBe('valid');
    expect(result.figures.scenarios).toBeGreaterThan(2);
  }, 60_000);
});
