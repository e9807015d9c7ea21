import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { loadScenario } from '../../src/generate/loadScenario.js';
import type { HistoryEvent } from '../../src/history/events.js';
import type { Reporter } from '../../src/core/Reporter.js';
import { ROOT } from '../examples/runCli.js';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const TABLE = `target_faults_${process.pid}`;

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-target-faults-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  const client = new pg.Client(POSTGRES);
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS ${TABLE}`).finally(() => client.end());
});

/** examples/postgres-chat as a user configures it: its database behind its own proxy. */
const postgresChat: CampaignOptions = {
  clients: 2,
  target: {
    kind: 'command',
    command: ['node', 'server.js'],
    cwd: path.join(ROOT, 'examples/postgres-chat'),
    env: { PORT: '{port}', CHAT_TABLE: TABLE },
    readyLog: 'chat listening on',
  },
  database: { kind: 'postgres', url: POSTGRES, env: 'DATABASE_URL' },
  store: { kind: 'postgres', url: POSTGRES, query: `SELECT id, client_offset, content FROM ${TABLE} ORDER BY id`, reset: `TRUNCATE ${TABLE}` },
};

/**
 * What the database faults of a history did: each attempt made while one was
 * in effect that got no positive ack before it was healed (it timed out, was
 * refused, or was acked only after the heal).
 */
function databaseFaultEffects(history: readonly HistoryEvent[]): string[] {
  const effects: string[] = [];
  for (const start of history) {
    if (start.type !== 'fault-start' || start.kind !== 'database') continue;
    const end = history.find((e) => e.type === 'fault-end' && e.id === start.id)?.t ?? Infinity;
    for (const invoke of history) {
      if (invoke.type !== 'invoke' || invoke.t < start.t || invoke.t >= end) continue;
      const outcome = history.find((e) => (e.type === 'ok' || e.type === 'info') && e.msg === invoke.msg && e.attempt === invoke.attempt);
      if (!outcome || outcome.type === 'info' || outcome.t >= end) {
        effects.push(`${start.fault}: ${invoke.msg} attempt ${invoke.attempt} ${outcome?.type === 'info' ? `got ${outcome.reason}` : 'was not acked before the heal'}`);
      }
    }
  }
  return effects;
}

/** Runs a campaign and keeps every scenario's history. */
async function campaign(options: CampaignOptions) {
  const histories: HistoryEvent[][] = [];
  const keep: Reporter = { name: 'keep', onScenarioEnd: (_summary, result) => void histories.push(result.history) };
  const result = await runCampaign(resolveConfig({ reportsDir: workDir, maxCommands: 8, timeLimitMs: 120_000, ...options }), { reporters: [keep] });
  return { result, histories, effects: histories.flatMap((h) => databaseFaultEffects(h)) };
}

describe('named scenarios inject the database faults of the target\'s kind of store', () => {
  it('db-stall on a PostgreSQL command target injects PostgreSQL faults that hold up its inserts', async () => {
    const { result, effects } = await campaign({ ...postgresChat, scenario: await loadScenario('db-stall'), seed: 3, runs: 4 });
    expect(result.error).toBeUndefined();
    const injected = Object.keys(result.figures.faultsInjected);
    expect(injected.filter((f) => f.startsWith('db-')).length).toBeGreaterThan(0);
    expect(injected.filter((f) => f.startsWith('sqlite-'))).toEqual([]);
    expect(result.skippedFaults).toEqual([]);
    expect(effects.length, 'an emit made during a database fault was held up by it').toBeGreaterThan(0);
    expect(result.faultFamilies).toEqual([
      { family: 'database', drawn: ['db-latency', 'db-timeout', 'db-reset-peer', 'db-down'], skipped: [
        { fault: 'sqlite-stall', reason: expect.stringMatching(/needs a SQLite store/) },
        { fault: 'sqlite-unavailable', reason: expect.stringMatching(/needs a SQLite store/) },
      ] },
    ]);
  }, 180_000);

  it('everything on a PostgreSQL command target injects PostgreSQL faults too', async () => {
    const { result, effects } = await campaign({ ...postgresChat, scenario: await loadScenario('everything'), seed: 5, runs: 6, transport: 'websocket' });
    expect(result.error).toBeUndefined();
    expect(Object.keys(result.figures.faultsInjected).filter((f) => f.startsWith('db-')).length).toBeGreaterThan(0);
    expect(effects.length, 'an emit made during a database fault was held up by it').toBeGreaterThan(0);
    expect(result.faultFamilies.find((f) => f.family === 'process')?.skipped.map((s) => s.fault)).toEqual(['crash-at']);
  }, 240_000);

  it('db-stall on the reference server injects its SQLite faults', async () => {
    const { result, effects } = await campaign({ scenario: await loadScenario('db-stall'), seed: 3, runs: 4, clients: 2 });
    expect(result.error).toBeUndefined();
    const injected = Object.keys(result.figures.faultsInjected);
    expect(injected.filter((f) => f.startsWith('sqlite-')).length).toBeGreaterThan(0);
    expect(injected.filter((f) => f.startsWith('db-'))).toEqual([]);
    expect(effects.length, 'an emit made during a SQLite fault was held up by it').toBeGreaterThan(0);
  }, 180_000);
});
