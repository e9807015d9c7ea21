/**
 * Where a scenario's time goes: runScenario splits its duration into phases
 * (target, proxies, connect, commands, the final phase's heal, drain,
 * catch-up and store read, check, teardown) that add up to it, and a
 * campaign sums them and takes their medians.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strategies } from '../../src/clients/strategies/registry.js';
import { campaignPhases } from '../../src/core/campaignPhases.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { noPhases, overheadMs, SCENARIO_PHASES } from '../../src/core/phaseClock.js';
import { runScenario, type ScenarioSetup } from '../../src/core/runScenario.js';
import { sleep } from '../../src/net/waitFor.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';

let workDir: string;
let toxiproxy: ToxiproxyServer;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-phases-'));
  toxiproxy = await provideToxiproxy();
});
afterAll(async () => {
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
});

function setup(): ScenarioSetup {
  return {
    toxiproxyUrl: toxiproxy.url,
    makeTarget: (dataDir) => referenceServerTarget({ dataDir }),
    clients: 2,
    strategy: strategies['queued-retry'],
    strategyOptions: { ackTimeoutMs: 1000, retries: Infinity },
    protocol: tutorialProtocol,
    transport: 'websocket',
    workDir,
    finalPhase: DEFAULT_FINAL_PHASE,
    signal: new AbortController().signal,
  };
}

describe("a scenario's phases", () => {
  it('are all recorded and add up to its duration, its own waits counted as commands', async () => {
    const result = await runScenario(setup(), async (world) => {
      world.clients[0]!.send('one');
      world.clients[1]!.send('two');
      await sleep(300);
    });
    expect(result.verdict).toBe('valid');
    const phases = result.figures.phasesMs!;
    expect(Object.keys(phases).sort()).toEqual([...SCENARIO_PHASES].sort());
    const sum = SCENARIO_PHASES.reduce((s, p) => s + phases[p], 0);
    // Each phase is rounded on its own: the sum is within a ms per phase of the duration.
    expect(Math.abs(sum - result.durationMs)).toBeLessThanOrEqual(SCENARIO_PHASES.length);
    expect(phases.commands).toBeGreaterThanOrEqual(300);
    // A target started here (none ahead), proxies made, clients connected, a store read: each took some time.
    for (const phase of ['target', 'connect', 'catchUp'] as const) expect(phases[phase]).toBeGreaterThan(0);
    expect(overheadMs(phases)).toBeCloseTo(sum - phases.commands, 5);
  }, 30_000);
});

describe("a campaign's phases", () => {
  it('are summed and their medians taken, per phase and for the overhead', () => {
    const one = { ...noPhases(), target: 10, commands: 100, catchUp: 30 };
    const two = { ...noPhases(), target: 20, commands: 300, catchUp: 50 };
    const three = { ...noPhases(), target: 90, commands: 200, catchUp: 10 };
    const phases = campaignPhases([one, two, three])!;
    expect(phases.total).toMatchObject({ target: 120, commands: 600, catchUp: 90, heal: 0 });
    expect(phases.median).toMatchObject({ target: 20, commands: 200, catchUp: 30 });
    expect(phases.overheadTotal).toBe(210);
    // Overheads 40, 70 and 100: the median scenario's is 70.
    expect(phases.overheadMedian).toBe(70);
    expect(campaignPhases([])).toBeUndefined();
  });
});
