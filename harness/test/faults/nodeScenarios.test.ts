import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import type { Reporter } from '../../src/core/Reporter.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { loadScenario } from '../../src/generate/loadScenario.js';
import type { HistoryEvent } from '../../src/history/events.js';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-node-scenarios-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

/** The correct multi-node reference server: 3 nodes sharing a PostgreSQL table, the Redis adapter. */
const threeNodes: CampaignOptions = { target: { kind: 'reference', nodes: 3, adapter: 'redis' }, clients: 3 };

/** Runs a campaign of a named scenario and keeps every scenario's history. */
async function campaign(scenario: string, seed: number, runs: number) {
  const histories: HistoryEvent[][] = [];
  const keep: Reporter = { name: 'keep', onScenarioEnd: (_summary, result) => void histories.push(result.history) };
  const config = resolveConfig({ ...threeNodes, reportsDir: workDir, scenario: await loadScenario(scenario), seed, runs, maxCommands: 10, timeLimitMs: 150_000 });
  const result = await runCampaign(config, { reporters: [keep] });
  return { result, events: histories.flat() };
}

describe('the multi-node scenarios against the correct multi-node reference server', () => {
  it('node-failover kills, restarts and freezes nodes and moves clients, and the server stays valid', async () => {
    const { result, events } = await campaign('node-failover', 7, 4);
    expect(result.error).toBeUndefined();
    expect(result.verdict).toBe('valid');
    expect(result.faultFamilies).toEqual([{ family: 'node', drawn: ['node-crash', 'node-restart', 'node-pause', 'node-db-down'], skipped: [] }]);
    expect(Object.keys(result.figures.faultsInjected).filter((f) => f.startsWith('node-')).length).toBeGreaterThan(0);
    const moves = events.filter((e) => e.type === 'client-moved');
    expect(moves.length, 'clients moved (by command or failover)').toBeGreaterThan(0);
    expect(result.figures.messagesStored).toBe(result.figures.messagesSent);
  }, 300_000);

  it('adapter-partition cuts nodes from Redis, slows and downs it, and the server stays valid (it reads the table)', async () => {
    const { result, events } = await campaign('adapter-partition', 3, 4);
    expect(result.error).toBeUndefined();
    expect(result.verdict).toBe('valid');
    expect(result.faultFamilies).toEqual([{ family: 'adapter', drawn: ['adapter-partition', 'adapter-latency', 'adapter-down'], skipped: [] }]);
    const adapterFaults = events.filter((e) => e.type === 'fault-start' && e.kind === 'adapter');
    expect(adapterFaults.length).toBeGreaterThan(0);
  }, 300_000);
});
