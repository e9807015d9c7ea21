import { afterEach, describe, expect, it } from 'vitest';
import { armFailpoint, disarmFailpoints, listFailpoints } from '../src/launch.js';
import { readRows } from './helpers/sqlite.js';
import { sleep, Testbed } from './helpers/testbed.js';

const bed = new Testbed();
afterEach(() => bed.cleanup());

async function post(adminPort: number, body: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${adminPort}/failpoints`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  return { status: response.status, body: await response.json() };
}

describe('reference server: failpoints', () => {
  it('crash after-insert-before-ack: the row is stored, no ack; after a restart the retry is acked and stored once', async () => {
    const db = await bed.dbPath();
    const first = await bed.launch({ db, adminPort: true });
    await armFailpoint(first.adminPort!, 'after-insert-before-ack', 1);
    const client = await bed.connect(first);

    expect(await client.send('survives', 'c-1', 1000)).toBe('timeout');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(first.stderrTail()).toMatch(/failpoint after-insert-before-ack fires: crash/);
    expect(await readRows(db)).toEqual([{ id: 1, client_offset: 'c-1', content: 'survives' }]);

    const second = await bed.launch({ db, port: first.port, adminPort: true });
    expect(second.port).toBe(first.port);
    const retry = await bed.connect(second, { serverOffset: 0 });
    expect(await retry.send('survives', 'c-1')).toBe('ack');
    expect(await readRows(db)).toEqual([{ id: 1, client_offset: 'c-1', content: 'survives' }]);
    // The row reached the client by catch-up, once; the duplicate path broadcast nothing.
    await sleep(100);
    expect(retry.received).toEqual([{ content: 'survives', id: 1 }]);
  });

  it('crash before-insert stores nothing; error before-insert fails the insert without a crash', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db, adminPort: true });
    const client = await bed.connect(server);

    await armFailpoint(server.adminPort!, 'before-insert', 1, 'error');
    expect(await client.send('first try', 'c-1', 500)).toBe('timeout');
    expect(await readRows(db)).toEqual([]);
    expect(await client.send('first try', 'c-1')).toBe('ack');
    expect((await readRows(db)).map((r) => r.client_offset)).toEqual(['c-1']);

    await armFailpoint(server.adminPort!, 'before-insert', 1, 'crash');
    expect(await client.send('never stored', 'c-2', 1000)).toBe('timeout');
    expect((await server.exited).signal).toBe('SIGKILL');
    expect((await readRows(db)).map((r) => r.client_offset)).toEqual(['c-1']);
  });

  it('error after-insert-before-ack: the row is committed but not acked; the retry takes the duplicate path, which broadcasts it once', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db, adminPort: true });
    const sender = await bed.connect(server);
    const watcher = await bed.connect(server);
    await armFailpoint(server.adminPort!, 'after-insert-before-ack', 1, 'error');
    expect(await sender.send('committed', 'c-1', 500)).toBe('timeout');
    expect(watcher.received).toEqual([]);
    expect(await sender.send('committed', 'c-1')).toBe('ack');
    expect((await readRows(db)).map((r) => r.client_offset)).toEqual(['c-1']);
    // The broadcast was skipped with the error; the duplicate path publishes the row it finds unbroadcast.
    await watcher.waitForReceived(1);
    await sender.waitForReceived(1);
    expect(await sender.send('next', 'c-2')).toBe('ack');
    await watcher.waitForReceived(2);
    await sender.waitForReceived(2);
    expect(watcher.ids()).toEqual([1, 2]);
    expect(sender.ids()).toEqual([1, 2]);
  });

  it('crash after-broadcast-before-ack: the broadcast may leave, the ack never does', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db, adminPort: true });
    const client = await bed.connect(server);
    await armFailpoint(server.adminPort!, 'after-broadcast-before-ack', 1);
    expect(await client.send('broadcast only', 'c-1', 1000)).toBe('timeout');
    expect((await server.exited).signal).toBe('SIGKILL');
    expect((await readRows(db)).map((r) => r.client_offset)).toEqual(['c-1']);
  });

  it('lists, counts down and disarms; is off unless --admin-port is given', async () => {
    const server = await bed.launch({ db: await bed.dbPath(), adminPort: true });
    await armFailpoint(server.adminPort!, 'before-insert', 2, 'error');
    const listing = await listFailpoints(server.adminPort!);
    expect(listing.armed).toEqual([{ point: 'before-insert', action: 'error', remaining: 2 }]);
    expect(listing.points).toContainEqual({ point: 'after-insert-before-ack', reachable: true });
    expect(listing.points.find((p) => p.point === 'after-ack-before-broadcast')?.reachable).toBe(false);

    const client = await bed.connect(server);
    expect(await client.send('a', 'c-1', 300)).toBe('timeout');
    expect((await listFailpoints(server.adminPort!)).armed).toEqual([
      { point: 'before-insert', action: 'error', remaining: 1 },
    ]);
    await disarmFailpoints(server.adminPort!);
    expect((await listFailpoints(server.adminPort!)).armed).toEqual([]);
    expect(await client.send('a', 'c-1')).toBe('ack');

    const plain = await bed.launch({ db: await bed.dbPath() });
    expect(plain.adminPort).toBeNull();
  });

  it('answers bad requests with 400 and a message that says what was wrong', async () => {
    const server = await bed.launch({ db: await bed.dbPath(), adminPort: true });
    const port = server.adminPort!;
    expect(await post(port, 'not json')).toEqual({
      status: 400,
      body: { error: 'body is not JSON: send {"point": "<point>", "action": "crash", "times": 1}' },
    });
    expect(await post(port, '[1]')).toMatchObject({ status: 400, body: { error: /must be a JSON object/ } });
    expect(await post(port, '{"point":"nowhere","action":"crash"}')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/point "nowhere" is not a failpoint: use one of before-insert, /) },
    });
    expect(await post(port, '{"point":"before-insert","action":"explode"}')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/action "explode" is not a failpoint action: use one of crash, error/) },
    });
    expect(await post(port, '{"point":"before-insert","action":"crash","times":0}')).toMatchObject({
      status: 400,
      body: { error: 'times 0 must be a positive integer (default 1)' },
    });
    expect(await post(port, '{"point":"after-broadcast-before-ack","action":"error"}')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/action error only applies at before-insert and after-insert-before-ack/) },
    });
    expect(await post(port, '{"point":"after-ack-before-broadcast","action":"crash"}')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/never reached: this server broadcasts before it acks; arm after-broadcast-before-ack/) },
    });
    await expect(armFailpoint(port, 'after-ack-before-broadcast', 1)).rejects.toThrow(/answered 400: failpoint after-ack/);
    const plainText = await fetch(`http://127.0.0.1:${port}/failpoints`, {
      method: 'POST',
      body: '{"point":"before-insert","action":"crash"}',
    });
    expect(plainText.status).toBe(415);
    const notFound = await fetch(`http://127.0.0.1:${port}/elsewhere`);
    expect(notFound.status).toBe(404);
    const wrongMethod = await fetch(`http://127.0.0.1:${port}/failpoints`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    // Still alive and nothing armed.
    expect((await listFailpoints(port)).armed).toEqual([]);
  });
});
