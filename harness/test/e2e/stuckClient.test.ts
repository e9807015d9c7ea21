/**
 * A server that stores a message but never acknowledges its retries leaves an
 * unlimited-retry client stuck: the campaign reports it as `unacknowledged`,
 * and the final phase stops waiting for that client instead of spending its
 * whole drain bound (20 s by default) on every such scenario.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { loadScenario } from '../../src/generate/loadScenario.js';
import type { History } from '../../src/history/events.js';
import { harnessEventText } from '../../src/history/harnessEventText.js';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-stuck-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function notes(history: History): string[] {
  return history.flatMap((e) => (e.type === 'stuck' || e.type === 'not-drained' ? [harnessEventText(e)] : []));
}

describe('a client stuck on a stored message the server never acknowledges', () => {
  it('is unacknowledged, and the final phase does not wait out its drain bound for it', async () => {
    const failing: History[] = [];
    const result = await runCampaign(
      resolveConfig({
        scenario: await loadScenario('ack-lost'),
        seed: 7,
        clients: 2,
        ackTimeoutMs: 300,
        timeLimitMs: 40_000,
        shrinkTimeLimitMs: 1,
        // One try per candidate: no runs to measure the reproduction rate, so every shrink run is a candidate.
        shrink: { tries: 1, failures: 1 },
        target: { kind: 'reference', bugs: ['no-retry-ack-on-duplicate'] },
        reportsDir: workDir,
      }),
      { reporters: [{ name: 'keep', onScenarioEnd: (summary, scenario) => void (summary.verdict === 'invalid' && failing.push(scenario.history)) }] },
    );
    expect(result.error).toBeUndefined();
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => a.kind)).toContain('unacknowledged');
    // Shrinking has its own limit (1 ms here), whatever the search left of its 40 s.
    expect(result.figures.shrinkRuns).toBeLessThanOrEqual(1);
    const [first] = failing;
    expect(first, 'a failing scenario').toBeDefined();
    const final = notes(first!);
    expect(final.some((n) => /^stuck: (c\d on c\d-\d+, )+stored but re-sent at least 3 times over 2 s since the heal without an ack/.test(n)), final.join('\n')).toBe(true);
    expect(final.some((n) => n.startsWith('not drained')), final.join('\n')).toBe(false);
    // The drain bound (from the 300 ms ack timeout) is far longer than the scenario waited for its stuck client.
    expect(DEFAULT_FINAL_PHASE.drainMs).toBeGreaterThan(10_000);
  }, 120_000);
});
