import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strategies } from '../../src/clients/strategies/registry.js';
import { loadConfig } from '../../src/config/loadConfigFile.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { StoreConfig } from '../../src/config/types.js';
import { makeTarget } from '../../src/core/makeTarget.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { runScenario, type ScenarioSetup } from '../../src/core/runScenario.js';
import { faults } from '../../src/faults/registry.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { sleep, waitFor } from '../../src/net/waitFor.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { storeReader } from '../../src/stores/readers.js';
import { commandTarget } from '../../src/target/commandTarget.js';
import { withDatabaseProxy } from '../../src/target/databaseProxy.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import { ROOT, runCli } from './runCli.js';

const EXAMPLE = path.join(ROOT, 'examples/postgres-chat');
const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const TABLE = `postgres_chat_fault_${process.pid}`;

let workDir: string;
let toxiproxy: Awaited<ReturnType<typeof provideToxiproxy>>;
/** Whether core/makeTarget.ts gives command targets their `database` (the config's database behind its own proxy). */
let wired = false;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-postgres-chat-'));
  toxiproxy = await provideToxiproxy();
  const config = resolveConfig(await loadConfig(path.join(EXAMPLE, 'siochaos.config.json'), EXAMPLE));
  wired = makeTarget(config, { dataDir: workDir, logDir: workDir, toxiproxyUrl: toxiproxy.url }).database?.kind === 'postgres';
});
afterAll(async () => {
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
  const client = new pg.Client(POSTGRES);
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS ${TABLE}`).finally(() => client.end());
});

describe('examples/postgres-chat, from its config alone', () => {
  it('runs green with its database behind its own proxy', async () => {
    expect(wired).toBe(true);
    const run = await runCli(['run', '--config', 'examples/postgres-chat/siochaos.config.json', '--runs', '4', '--seed', '1', '--reports', workDir]);
    expect(run.stdout + run.stderr).toMatch(/verdict: valid/);
    expect(run.code).toBe(0);
  }, 60_000);

  it('catches the planted bug (no UNIQUE constraint) as duplicated', async () => {
    expect(wired).toBe(true);
    const run = await runCli(['run', '--config', 'examples/postgres-chat/siochaos.buggy.config.json', '--time', '8s', '--shrink-time', '3s', '--seed', '1', '--reports', workDir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/duplicated: \S+ .* was stored 2 times/);
  }, 90_000);
});

const of = <T extends HistoryEvent['type']>(history: HistoryEvent[], type: T) =>
  history.filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type);

/** Two Node clients against the example, its database behind its own proxy, on a table of this test's own. */
function setup(bug: string): ScenarioSetup {
  const store: StoreConfig = {
    kind: 'postgres',
    url: POSTGRES,
    query: `SELECT id, client_offset, content FROM ${TABLE} ORDER BY id`,
    reset: `TRUNCATE ${TABLE}`,
  };
  return {
    toxiproxyUrl: toxiproxy.url,
    makeTarget: (dataDir) =>
      withDatabaseProxy(
        {
          database: { kind: 'postgres', url: POSTGRES, env: 'DATABASE_URL' },
          config: { kind: 'command', command: ['node', 'server.js'], cwd: EXAMPLE, env: { PORT: '{port}', CHAT_TABLE: TABLE, CHAT_BUG: bug }, readyLog: 'chat listening on' },
          toxiproxyUrl: toxiproxy.url,
          dataDir,
        },
        (config, placeholders) => commandTarget({ config, dataDir, logDir: path.join(workDir, 'logs'), store: (v) => storeReader(store, v), placeholders }),
      ),
    clients: 2,
    strategy: strategies['queued-retry'],
    strategyOptions: { ackTimeoutMs: 1000, retries: Infinity },
    protocol: tutorialProtocol,
    transport: 'websocket',
    workDir,
    finalPhase: { ...DEFAULT_FINAL_PHASE, catchUpMs: 2000 },
    signal: new AbortController().signal,
  };
}

/**
 * Resets the server's database connections while c0 sends: PostgreSQL commits
 * the insert, the server never hears. c1's message first, received by both,
 * leaves the server's pool idle: a connection whose query (a connecting
 * client's catch-up) is still under way when the fault comes is reset by its
 * reply, and a new one cannot pass the reset, so c0's insert would never
 * reach PostgreSQL.
 */
async function sendThroughReset(bug: string) {
  return runScenario(setup(bug), async (world) => {
    expect(world.target.database?.kind).toBe('postgres');
    world.clients[1]!.send('before the fault');
    const quiet = await Promise.all(world.clients.map((c) => c.waitForOffset(1, 10_000)));
    expect(quiet, 'both clients caught up and received the message before the fault').toEqual([true, true]);
    await world.injector.inject(faults['db-reset-peer'], { stream: 'downstream', timeout: 0 }, []);
    world.clients[0]!.send('through a reset database');
    // Heal only once PostgreSQL has committed the row (bounded: a loaded machine can take over a second).
    const committed = await waitFor(async () => ((await world.target.readStore()).length > 1 ? true : undefined), 10_000, 100);
    expect(committed, 'the insert reached PostgreSQL while its replies were being reset').toBe(true);
    await sleep(300);
    await world.injector.healAll();
  });
}

describe('examples/postgres-chat under a database fault', () => {
  it('keeps its guarantees when its database connections are reset mid-insert', async () => {
    const { history, verdict, check } = await sendThroughReset('');
    expect(check.anomalies).toEqual([]);
    expect(verdict).toBe('valid');
    expect(of(history, 'fault-start').map((e) => e.fault)).toEqual(['db-reset-peer']);
    // The cut: the first attempt got no ack, the client sent it again.
    expect(of(history, 'invoke').filter((e) => e.msg === 'c0-1').length).toBeGreaterThanOrEqual(2);
    const rows = of(history, 'final-read');
    expect(rows.map((r) => r.msg)).toEqual(['c1-1', 'c0-1']);
    for (const client of ['c0', 'c1']) {
      expect(of(history, 'receive').filter((e) => e.client === client && e.offset === rows[1]!.offset)).toHaveLength(1);
    }
  }, 60_000);

  it('shows the tutorial-style broadcast losing that message for every client (missed)', async () => {
    const { verdict, check } = await sendThroughReset('tutorial-broadcast');
    expect(verdict, check.notes.join('\n')).toBe('invalid');
    expect(check.anomalies.map((a) => [a.kind, a.client, a.msgs]).sort()).toEqual([
      ['missed', 'c0', ['c0-1']],
      ['missed', 'c1', ['c0-1']],
    ]);
  }, 60_000);
});
