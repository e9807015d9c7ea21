import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CommitReplyCutter } from './helpers/commitReplyCutter.js';
import { sleep, Testbed, waitFor, type TestClient } from './helpers/testbed.js';

const PG_URL = process.env.SIOCHAOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const bed = new Testbed();
const tables: string[] = [];
let admin: pg.Pool;

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
  try {
    await admin.query('SELECT 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${PG_URL}: ${(err as Error).message}; start it or set SIOCHAOS_TEST_PG_URL`);
  }
});
const cutters: CommitReplyCutter[] = [];

afterEach(async () => {
  await bed.cleanup();
  for (const cutter of cutters.splice(0)) await cutter.close();
  for (const table of tables.splice(0)) await admin.query(`DROP TABLE IF EXISTS "${table}"`);
});
afterAll(() => admin?.end());

function freshTable(): string {
  const table = `refserver_t_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  tables.push(table);
  return table;
}

/** A proxy to PostgreSQL that can lose a committed INSERT's reply, and the server's URL through it. */
async function cutterInFront(): Promise<{ cutter: CommitReplyCutter; url: string }> {
  const target = new URL(PG_URL);
  const cutter = await CommitReplyCutter.start(target.hostname, Number(target.port || 5432));
  cutters.push(cutter);
  target.host = `127.0.0.1:${cutter.port}`;
  return { cutter, url: target.toString() };
}

async function rows(table: string): Promise<{ id: number; client_offset: string; content: string }[]> {
  return (await admin.query(`SELECT id, client_offset, content FROM "${table}" ORDER BY id`)).rows;
}

/** Sends until acked (a retrying client), up to `attempts` times. */
async function sendUntilAcked(client: TestClient, content: string, offset: string, attempts: number): Promise<number> {
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if ((await client.send(content, offset, 1000)) === 'ack') return attempt;
  }
  throw new Error(`${offset} was not acknowledged after ${attempts} attempts`);
}

describe('reference server: PostgreSQL store', () => {
  it('inserts, broadcasts, acks, dedupes retries (23505) and catches up', async () => {
    const table = freshTable();
    const server = await bed.launch({ store: PG_URL, table });
    const alice = await bed.connect(server);
    const bob = await bed.connect(server);

    expect(await alice.send('one', 'a-1')).toBe('ack');
    expect(await alice.send('two', 'a-2')).toBe('ack');
    expect(await alice.send('two', 'a-2')).toBe('ack');
    await bob.waitForReceived(2);
    expect(await rows(table)).toEqual([
      { id: 1, client_offset: 'a-1', content: 'one' },
      { id: 2, client_offset: 'a-2', content: 'two' },
    ]);
    const late = await bed.connect(server, { serverOffset: 1 });
    await late.waitForReceived(1);
    await sleep(100);
    expect(late.received).toEqual([{ content: 'two', id: 2 }]);
    expect(bob.ids()).toEqual([1, 2]);
  });

  it('gives up on a stalled database after --query-timeout (no ack), and acks the retry once it is back', async () => {
    const table = freshTable();
    const server = await bed.launch({ store: PG_URL, table, queryTimeoutMs: 300 });
    const client = await bed.connect(server);
    expect(await client.send('warm-up', 'c-0')).toBe('ack');

    const locker = await admin.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
      expect(await client.send('stalled', 'c-1', 1500)).toBe('timeout');
      await locker.query('ROLLBACK');
    } finally {
      locker.release();
    }
    await sleep(50);
    expect(server.process.exitCode).toBeNull();
    expect(server.stderrTail()).toMatch(/insert of message c-1 failed, not acknowledged .*statement timeout|Query read timeout/);
    expect(await sendUntilAcked(client, 'stalled', 'c-1', 3)).toBeGreaterThanOrEqual(1);
    expect((await rows(table)).map((r) => r.client_offset)).toEqual(['c-0', 'c-1']);
  });

  it('survives its database connections being killed, and stores again afterwards', async () => {
    const table = freshTable();
    const server = await bed.launch({ store: PG_URL, table });
    const client = await bed.connect(server);
    expect(await client.send('before', 'c-1')).toBe('ack');

    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [`siochaos-reference-server:${table}`.slice(0, 63)],
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    await sleep(200);
    expect(server.process.exitCode).toBeNull();
    expect(server.stderrTail()).toMatch(/idle database connection failed: terminating connection/);
    await sendUntilAcked(client, 'after', 'c-2', 3);
    expect((await rows(table)).map((r) => r.client_offset)).toEqual(['c-1', 'c-2']);
    expect(server.process.exitCode).toBeNull();
  });

  it('catches up a socket recovered from a session whose catch-up never finished (it is not in the live room)', async () => {
    const table = freshTable();
    const server = await bed.launch({ store: PG_URL, table, queryTimeoutMs: 5000 });
    const writer = await bed.connect(server);
    expect(await writer.send('one', 'w-1')).toBe('ack');
    const roamer = await bed.connect(server, { reconnection: true, trackServerOffset: true });
    await roamer.waitForReceived(1);

    // A fresh session (not recoverable after a manual disconnect) whose catch-up blocks on a locked table...
    roamer.socket.disconnect();
    const locker = await admin.connect();
    let two: Promise<unknown>;
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
      roamer.socket.connect();
      await new Promise<void>((resolve) => roamer.socket.once('connect', () => resolve()));
      expect(roamer.recovered()).toBe(false);
      two = writer.send('two', 'w-2', 5000);
      // ...is cut, and recovered by socket.io before it ever joined the live room.
      roamer.socket.io.engine.close();
      await new Promise<void>((resolve) => roamer.socket.once('connect', () => resolve()));
      expect(roamer.recovered()).toBe(true);
      await sleep(100);
      await locker.query('ROLLBACK');
    } finally {
      locker.release();
    }
    expect(await two).toBe('ack');
    expect(await writer.send('three', 'w-3')).toBe('ack');
    await roamer.waitForReceived(3);
    await sleep(100);
    expect(roamer.ids()).toEqual([1, 2, 3]);
  });

  it('creates the table without UNIQUE under --bug no-unique, so a retry is stored twice', async () => {
    const table = freshTable();
    const server = await bed.launch({ store: PG_URL, table, bugs: ['no-unique'] });
    const client = await bed.connect(server);
    expect(await client.send('twice', 'c-1')).toBe('ack');
    expect(await client.send('twice', 'c-1')).toBe('ack');
    expect((await rows(table)).map((r) => r.client_offset)).toEqual(['c-1', 'c-1']);
  });

  describe('an INSERT that commits but loses its reply', () => {
    /** Everyone connected got exactly `ids`, in order, and a client connecting now catches up the same. */
    async function expectDeliveredOnce(server: { host: string; port: number }, clients: TestClient[], ids: number[]): Promise<void> {
      for (const client of clients) await client.waitForReceived(ids.length, 5000);
      const late = await bed.connect(server);
      await late.waitForReceived(ids.length, 5000);
      await sleep(100); // room for a duplicate to show up
      for (const client of [...clients, late]) expect(client.ids()).toEqual(ids);
    }

    it('is broadcast once to every client (the database answers again at once)', async () => {
      const table = freshTable();
      const { cutter, url } = await cutterInFront();
      const server = await bed.launch({ store: url, table });
      const sender = await bed.connect(server);
      const watcher = await bed.connect(server);
      expect(await sender.send('one', 's-1')).toBe('ack');

      cutter.armCut();
      expect(await sender.send('two', 's-2', 1000)).toBe('timeout');
      expect(cutter.cuts).toBe(1);
      expect((await rows(table)).map((r) => r.client_offset)).toEqual(['s-1', 's-2']);
      expect(server.stderrTail()).toMatch(/insert of message s-2 failed, not acknowledged/);
      expect(await sendUntilAcked(sender, 'two', 's-2', 3)).toBe(1);
      expect(await sender.send('three', 's-3')).toBe('ack');

      const ids = (await rows(table)).map((r) => r.id);
      expect(ids).toHaveLength(3);
      await expectDeliveredOnce(server, [sender, watcher], ids);
      expect(watcher.received.map((r) => r.content)).toEqual(['one', 'two', 'three']);
    });

    it('is broadcast once to every client when the database stays down until after the retry window', async () => {
      const table = freshTable();
      const { cutter, url } = await cutterInFront();
      const server = await bed.launch({ store: url, table, queryTimeoutMs: 1000 });
      const sender = await bed.connect(server);
      const watcher = await bed.connect(server);
      expect(await sender.send('one', 's-1')).toBe('ack');

      cutter.armCut(true);
      expect(await sender.send('two', 's-2', 1000)).toBe('timeout');
      expect(cutter.cuts).toBe(1);
      expect((await rows(table)).map((r) => r.client_offset)).toEqual(['s-1', 's-2']);
      expect(await sender.send('two', 's-2', 1000)).toBe('timeout'); // down: the retry fails too
      expect(watcher.ids()).toEqual([1]);
      cutter.up();
      await waitFor(() => watcher.received.length >= 2, 5000, () => `the watcher got ${watcher.received.length} of 2 rows`);
      await sendUntilAcked(sender, 'two', 's-2', 3);
      expect(await sender.send('three', 's-3')).toBe('ack');

      const ids = (await rows(table)).map((r) => r.id);
      expect(ids).toHaveLength(3);
      await expectDeliveredOnce(server, [sender, watcher], ids);
      expect((await rows(table)).map((r) => r.client_offset)).toEqual(['s-1', 's-2', 's-3']);
    });
  });
});
