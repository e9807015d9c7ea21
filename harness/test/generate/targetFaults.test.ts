import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import { makeTarget } from '../../src/core/makeTarget.js';
import { campaignFaultPlan } from '../../src/core/targetFaultPlan.js';
import { SetupError } from '../../src/errors/SetupError.js';
import { loadScenario } from '../../src/generate/loadScenario.js';
import { ROOT } from '../examples/runCli.js';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const place = { dataDir: '/tmp/siochaos-plan-probe', logDir: '/tmp/siochaos-plan-probe', toxiproxyUrl: 'http://127.0.0.1:8474' };

/** A target made as a campaign makes it, not started: what its faults are chosen from. */
function probe(options: CampaignOptions) {
  return makeTarget(resolveConfig({ seed: 1, ...options }), place);
}

const postgresCommand: CampaignOptions = {
  target: { kind: 'command', command: ['node', 'server.js'], cwd: path.join(ROOT, 'examples/postgres-chat'), readyLog: 'chat listening on' },
  database: { kind: 'postgres', url: POSTGRES, env: 'DATABASE_URL' },
  store: { kind: 'postgres', url: POSTGRES, query: 'SELECT id, client_offset, content FROM t ORDER BY id' },
};
const url: CampaignOptions = { target: { kind: 'url', url: 'http://127.0.0.1:3000' }, store: { kind: 'none' } };

describe('named scenarios take every fault of their families that the target can take', () => {
  it('everything on the reference server draws the faults it always drew, in the same order (same seeds, same scenarios)', async () => {
    const plan = campaignFaultPlan(await loadScenario('everything'), probe({}));
    expect(plan.scenario.faults).toEqual([
      'latency', 'bandwidth', 'slow-close', 'timeout', 'reset-peer', 'slicer', 'limit-data', 'down',
      'crash', 'restart', 'pause', 'crash-at', 'sqlite-stall', 'sqlite-unavailable',
      'client-reconnect', 'client-leave',
    ]);
    const database = plan.families.find((f) => f.family === 'database')!;
    expect(database.skipped.map((s) => s.fault)).toEqual(['db-latency', 'db-timeout', 'db-reset-peer', 'db-down']);
    expect(database.skipped[0]!.reason).toMatch(/needs a database behind a Toxiproxy proxy.*stores in sqlite/);
  });

  it('everything on a PostgreSQL command target draws the PostgreSQL faults, and no crash-at (no failpoints)', async () => {
    const plan = campaignFaultPlan(await loadScenario('everything'), probe(postgresCommand));
    expect(plan.scenario.faults).toEqual(expect.arrayContaining(['db-latency', 'db-timeout', 'db-reset-peer', 'db-down', 'crash', 'restart', 'pause']));
    expect(plan.scenario.faults).not.toContain('sqlite-stall');
    expect(plan.scenario.faults).not.toContain('crash-at');
    expect(plan.families.map((f) => f.family)).toEqual(['network', 'process', 'database', 'client']);
    const process = plan.families.find((f) => f.family === 'process')!;
    expect(process.skipped).toEqual([{ fault: 'crash-at', reason: expect.stringMatching(/needs failpoints/) }]);
    const database = plan.families.find((f) => f.family === 'database')!;
    expect(database.drawn).toEqual(['db-latency', 'db-timeout', 'db-reset-peer', 'db-down']);
    expect(database.skipped.map((s) => s.fault)).toEqual(['sqlite-stall', 'sqlite-unavailable']);
  });

  it('db-stall takes the database faults of the kind of store', async () => {
    const scenario = await loadScenario('db-stall');
    expect(campaignFaultPlan(scenario, probe(postgresCommand)).scenario.faults).toEqual(['db-latency', 'db-timeout', 'db-reset-peer', 'db-down']);
    expect(campaignFaultPlan(scenario, probe({})).scenario.faults).toEqual(['sqlite-stall', 'sqlite-unavailable']);
  });

  it('a target siochaos does not start skips the process family, and crash-at-emit with it', async () => {
    const plan = campaignFaultPlan(await loadScenario('everything'), probe(url));
    const process = plan.families.find((f) => f.family === 'process')!;
    expect(process.drawn).toEqual([]);
    expect(process.skipped.map((s) => s.fault)).toEqual(['crash', 'restart', 'pause', 'crash-at']);
    expect(process.skipped[0]!.reason).toMatch(/not started by siochaos/);
    const zoo = campaignFaultPlan(await loadScenario('zoo'), probe(url)).scenario;
    expect(zoo.weights['crash-at-emit']).toBe(0);
    expect(zoo.faults).toEqual(['latency', 'reset-peer']);
    expect(zoo.faultWeights).toEqual({ latency: 3, 'reset-peer': 1 });
  });

  it('refuses at setup a scenario whose faults the target can take none of, saying why', async () => {
    const scenario = await loadScenario('db-stall');
    expect(() => campaignFaultPlan(scenario, probe(url))).toThrow(SetupError);
    expect(() => campaignFaultPlan(scenario, probe(url))).toThrow(/db-stall draws faults, but this target can take none of them \(sqlite-stall, sqlite-unavailable: /);
  });

  it('says a reason shared by several faults once, naming them all', async () => {
    const scenario = await loadScenario('db-stall');
    const commandTarget: CampaignOptions = { target: { kind: 'command', command: ['node', 'server.js'] }, store: { kind: 'none' } };
    let message = '';
    try {
      campaignFaultPlan(scenario, probe(commandTarget));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/\(sqlite-stall, sqlite-unavailable: needs the target's SQLite file, .*; db-latency, db-timeout, db-reset-peer, db-down: needs a database behind a Toxiproxy proxy/);
    // The hint of what to configure comes once per group, not once per fault.
    expect(message.split('name its database in the config')).toHaveLength(3);
  });
});

