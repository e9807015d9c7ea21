import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../src/faults/registry.js';
import { sleep, waitFor } from '../../src/net/waitFor.js';
import { DEFAULT_POSTGRES_URL } from '../../src/target/postgresDatabase.js';
import { eventsOf, FaultBed, storedMsgs, waitForOk } from './fixtures.js';

const bed = new FaultBed();
let admin: pg.Pool;
beforeAll(async () => {
  admin = new pg.Pool({ connectionString: DEFAULT_POSTGRES_URL, max: 1 });
  await bed.startToxiproxy();
});
afterEach(() => bed.cleanup());
afterAll(async () => {
  await bed.stopToxiproxy();
  await admin?.end();
});

const POSTGRES = { store: 'postgres', queryTimeoutMs: 500 } as const;

async function tableExists(table: string): Promise<boolean> {
  const result = await admin.query('SELECT 1 FROM information_schema.tables WHERE table_name = $1', [table]);
  return (result.rowCount ?? 0) > 0;
}

describe('the reference target on PostgreSQL', () => {
  it('goes through its own database proxy, reads the table directly, and drops it at stop', async () => {
    const w = await bed.world({ target: POSTGRES });
    const database = w.target.database;
    expect(database.kind).toBe('postgres');
    if (database.kind !== 'postgres') return;
    const proxy = database.proxy();
    expect(proxy.size).toBe(1);
    const connections = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND client_port IS NOT NULL",
      [`siochaos-reference-server:${database.table}`.slice(0, 63)],
    );
    expect(connections.rows[0]!.n).toBeGreaterThan(0);

    const sent = w.client.send('through the proxy');
    expect(await waitForOk(w.recorder, sent, 5000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
    expect(await tableExists(database.table)).toBe(true);

    await w.target.stop();
    expect(await tableExists(database.table)).toBe(false);
    const proxies = (await (await fetch(`${bed.toxiproxyUrl}/proxies`)).json()) as Record<string, unknown>;
    expect(Object.keys(proxies)).not.toContain(proxy.entries[0]!.name);
  });
});

describe('database proxy faults', () => {
  it('db-timeout: the insert commits but its reply is dropped, so no ack; after heal the retry is acked, stored once', async () => {
    const w = await bed.world({ target: POSTGRES });
    // A pooled connection must be open before the blackhole: a new connection's handshake needs
    // replies, so the insert would never be sent. The pool closes idle connections after 10 s,
    // which a loaded machine can spend setting the world up, so one acked message opens one.
    const warm = w.client.send('warm the pool');
    expect(await waitForOk(w.recorder, warm, 5000)).toBeDefined();
    const id = await w.injector.inject(faults['db-timeout'], {}, []);
    const sent = w.client.send('reply lost');
    // The insert commits even though its reply never comes back (bounded wait: a loaded machine is slow to commit).
    const stored = await waitFor(async () => ((await storedMsgs(w.target)).length > 1 ? storedMsgs(w.target) : undefined), 5000, 100);
    expect(stored).toEqual([warm, sent]);
    await sleep(600);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);
    expect(w.target.logTail()).toMatch(new RegExp(`insert of message ${sent} failed.*(timeout|timed out)`, 'i'));

    await w.injector.heal(id);
    const ok = await waitForOk(w.recorder, sent, 6000);
    expect(ok).toBeDefined();
    expect(ok!.attempt).toBeGreaterThanOrEqual(2);
    expect(await storedMsgs(w.target)).toEqual([warm, sent]);
  });

  it('db-down: connections are cut and refused, nothing is stored or acked; after heal it is', async () => {
    const w = await bed.world({ target: POSTGRES });
    const id = await w.injector.inject(faults['db-down'], {}, []);
    const sent = w.client.send('database away');
    await sleep(1500);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);
    expect(await storedMsgs(w.target)).toEqual([]);
    expect(w.target.logTail()).toContain(`insert of message ${sent} failed`);

    await w.injector.heal(id);
    await w.injector.heal(id);
    expect(await waitForOk(w.recorder, sent, 6000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
  });

  it('db-reset-peer: the database connections are reset, so no ack while it lasts; after heal the message is stored once', async () => {
    const w = await bed.world({ target: POSTGRES });
    const id = await w.injector.inject(faults['db-reset-peer'], {}, []);
    const sent = w.client.send('connection reset');
    await sleep(1500);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);
    expect(w.target.logTail()).toMatch(new RegExp(`insert of message ${sent} failed.*(reset|terminated|ECONN)`, 'i'));

    await w.injector.heal(id);
    expect(await waitForOk(w.recorder, sent, 6000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
  });

  it('db-latency: the ack comes at least the latency later', async () => {
    // An ack timeout well above the latency: every attempt takes at least 700 ms, so with 1 s on a loaded machine each could time out.
    const w = await bed.world({ target: { ...POSTGRES, queryTimeoutMs: 3000 }, ackTimeoutMs: 5000 });
    const id = await w.injector.inject(faults['db-latency'], { latency: 700 }, []);
    const sent = w.client.send('slow database');
    const invoke = eventsOf(w.recorder, 'invoke', sent)[0]!;
    const ok = await waitForOk(w.recorder, sent, 6000);
    expect(ok).toBeDefined();
    expect(ok!.t - invoke.t).toBeGreaterThanOrEqual(700);
    await w.injector.heal(id);
  });

  it('SQLite faults on a PostgreSQL target are a clear error', async () => {
    const w = await bed.world({ target: POSTGRES });
    expect(faults['sqlite-stall'].unavailableReason?.(w.context)).toMatch(/stores in postgres/);
    await expect(w.injector.inject(faults['sqlite-stall'], {}, [])).rejects.toThrow(
      /sqlite-stall needs a SQLite store, but target reference-server stores in postgres: use db-timeout/,
    );
    await expect(w.injector.inject(faults['sqlite-unavailable'], {}, [])).rejects.toThrow(/sqlite-unavailable needs a SQLite store/);
  });
});
