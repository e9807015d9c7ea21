/**
 * A scenario cut by an interrupt (the campaign's AbortSignal) is never judged:
 * without its final phase, every acked message looks unstored, so judging it
 * made up `lost` messages against a correct server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strategies } from '../../src/clients/strategies/registry.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { runScenario, type ScenarioSetup } from '../../src/core/runScenario.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';

let workDir: string;
let toxiproxy: ToxiproxyServer;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-interrupted-'));
  toxiproxy = await provideToxiproxy();
});
afterAll(async () => {
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
});

function setup(controller: AbortController, makeTarget: ScenarioSetup['makeTarget']): ScenarioSetup {
  return {
    toxiproxyUrl: toxiproxy.url,
    makeTarget,
    clients: 1,
    strategy: strategies['queued-retry'],
    strategyOptions: { ackTimeoutMs: 300, retries: Infinity },
    protocol: tutorialProtocol,
    transport: 'websocket',
    workDir,
    finalPhase: DEFAULT_FINAL_PHASE,
    signal: controller.signal,
  };
}

describe('a scenario cut by an interrupt', () => {
  it('is unknown and not judged, although the acked messages were never read back', async () => {
    const controller = new AbortController();
    const result = await runScenario(setup(controller, (dataDir) => referenceServerTarget({ dataDir })), async (world) => {
      world.clients[0]!.send('acked, then Ctrl-C');
      expect(await world.clients[0]!.drain(5000)).toBe(true);
      controller.abort();
    });
    expect(result.verdict).toBe('unknown');
    expect(result.error).toBe('interrupted');
    expect(result.check.anomalies).toEqual([]);
    expect(result.history.some((e) => e.type === 'final-read')).toBe(false);
    expect(result.history.some((e) => e.type === 'ok')).toBe(true);
  }, 30_000);
});
