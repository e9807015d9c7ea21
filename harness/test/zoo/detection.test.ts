/**
 * The bug zoo, fast: with the benchmark's scenario (scenarios/zoo.ts) and
 * campaign settings, a fixed seed per bug finds every planted bug of the
 * reference server within a small budget, with an anomaly the zoo says the
 * bug shows, and the correct server stays valid under the same budget.
 * The benchmark (npm run bench:zoo) measures the same over many seeds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZOO_CAMPAIGN } from '../../../bench/zoo/zooCampaign.js';
import { BUG_NAMES, BUGS, type BugName } from '../../../reference-server/src/bugs.js';
import zoo from '../../../scenarios/zoo.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignResult } from '../../src/core/CampaignResult.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';

/** Search budget of every campaign here; detection takes 1-5 s. */
const BUDGET_MS = 15_000;

/**
 * The seed each bug is searched with: one whose first failing scenario shows
 * an anomaly the zoo expects (measured with the benchmark's runs).
 */
const SEEDS: Record<Exclude<BugName, 'no-retry-ack-on-duplicate'>, number> = {
  'no-unique': 5,
  'ack-before-insert': 5,
  'insert-not-awaited': 5,
  'swallow-db-error': 5,
  'dup-ack-no-broadcast-lost': 3,
  'catchup-no-order': 5,
  'catchup-gte': 5,
  'no-db-catchup': 5,
  'broadcast-excludes-sender': 5,
  'memory-dedupe': 5,
  'catchup-race': 5,
  'catchup-ignores-recovered': 1,
};

/**
 * Anomalies a bug shows besides those the zoo lists (reference-server/src/bugs.ts).
 * dup-ack-no-broadcast-lost defers its broadcast 100 ms past the ack, outside
 * the mutex that serialises broadcasts with catch-ups: a client that connects
 * in those 100 ms gets the row from its catch-up and then again from the late
 * broadcast. Which of `missed` and this shows first depends on timing.
 */
const ALSO_SHOWN: Partial<Record<BugName, readonly string[]>> = {
  'dup-ack-no-broadcast-lost': ['duplicated-delivery'],
};

/** How a campaign here ended: its result and its first scenario with the verdict looked for. */
interface Outcome {
  result: CampaignResult;
  first?: { index: number; kinds: string[]; notes: string[] };
}

let reportsDir: string;
let stopToxiproxy: (() => Promise<void>) | undefined;
const previousUrl = process.env.TOXIPROXY_URL;

beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-zoo-test-'));
  const toxiproxy = await provideToxiproxy();
  stopToxiproxy = toxiproxy.stop;
  // One Toxiproxy for every campaign of this file.
  process.env.TOXIPROXY_URL = toxiproxy.url;
});

afterAll(async () => {
  if (previousUrl === undefined) delete process.env.TOXIPROXY_URL;
  else process.env.TOXIPROXY_URL = previousUrl;
  await stopToxiproxy?.();
  await rm(reportsDir, { recursive: true, force: true });
});

/** Runs the zoo campaign against `bugs` and stops at the first scenario whose verdict is `stopAt` (no shrinking). */
async function zooCampaign(bugs: BugName[], seed: number, stopAt: 'invalid' | 'unknown'): Promise<Outcome> {
  const controller = new AbortController();
  let first: Outcome['first'];
  const config = resolveConfig({
    ...ZOO_CAMPAIGN,
    name: `zoo-${bugs.join('+') || 'correct'}`,
    seed,
    timeLimitMs: BUDGET_MS,
    shrinkTimeLimitMs: 1000,
    scenario: zoo,
    target: { kind: 'reference', bugs },
    reportsDir,
  });
  const result = await runCampaign(config, {
    signal: controller.signal,
    reporters: [
      {
        name: 'first-of-its-verdict',
        onScenarioEnd(summary, scenario) {
          if (first || summary.verdict !== stopAt) return;
          first = { index: summary.index, kinds: [...new Set(scenario.check.anomalies.map((a) => a.kind))], notes: scenario.check.notes };
          controller.abort();
        },
      },
    ],
  });
  return { result, ...(first ? { first } : {}) };
}

describe('the bug zoo, found by the zoo scenario with a fixed seed', () => {
  for (const bug of BUG_NAMES) {
    if (bug === 'no-retry-ack-on-duplicate') continue;
    const expected: readonly string[] = [...BUGS[bug].anomalies, ...(ALSO_SHOWN[bug] ?? [])];
    it(`${bug}: ${expected.join(' or ')} within ${BUDGET_MS / 1000} s (seed ${SEEDS[bug]})`, async () => {
      const { result, first } = await zooCampaign([bug], SEEDS[bug], 'invalid');
      expect(result.error).toBeUndefined();
      expect(first, `no scenario failed in ${result.figures.scenarios} scenarios`).toBeDefined();
      expect(first!.kinds.some((kind) => expected.includes(kind)), `found ${first!.kinds.join(', ')}`).toBe(true);
    }, 60_000);
  }

  it('no-retry-ack-on-duplicate: its clients never drain (verdict unknown), the most the checkers can say of it', async () => {
    // The server never acks a retry of a stored message, so an unlimited-retry
    // client retries it for ever and what it queued behind it stays pending.
    // The zoo expects `abandoned`, which the delivery checker reports only for
    // a message given up *and not stored*: this one is stored (see bench/zoo/README.md).
    const { result, first } = await zooCampaign(['no-retry-ack-on-duplicate'], 1, 'unknown');
    expect(result.error).toBeUndefined();
    expect(first, `every one of ${result.figures.scenarios} scenarios drained`).toBeDefined();
    expect(first!.kinds).toEqual([]);
    expect(first!.notes.join('\n')).toMatch(/still pending/);
  }, 60_000);

  it(`the correct server stays valid for the same ${BUDGET_MS / 1000} s`, async () => {
    const { result, first } = await zooCampaign([], 1, 'invalid');
    expect(result.error).toBeUndefined();
    expect(first, `scenario ${first?.index} found ${first?.kinds.join(', ')}`).toBeUndefined();
    expect(result.verdict).toBe('valid');
    expect(result.figures.scenarios).toBeGreaterThan(5);
  }, 60_000);
});
