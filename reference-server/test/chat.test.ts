import { afterEach, describe, expect, it } from 'vitest';
import { readRows } from './helpers/sqlite.js';
import { sleep, Testbed } from './helpers/testbed.js';

const bed = new Testbed();
afterEach(() => bed.cleanup());

describe('reference server: the tutorial protocol, done right', () => {
  it('stores a message, broadcasts (content, id) to every client including the sender, then acks', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db });
    const alice = await bed.connect(server);
    const bob = await bed.connect(server);

    expect(await alice.send('hello', 'alice-1')).toBe('ack');
    // The broadcast leaves before the ack, on the same connection.
    expect(alice.received).toEqual([{ content: 'hello', id: 1 }]);
    await bob.waitForReceived(1);
    expect(bob.received).toEqual([{ content: 'hello', id: 1 }]);
    expect(await readRows(db)).toEqual([{ id: 1, client_offset: 'alice-1', content: 'hello' }]);
  });

  it('serves long-polling clients too', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db });
    const polling = await bed.connect(server, { transports: ['polling'] });
    expect(polling.socket.io.engine.transport.name).toBe('polling');
    expect(await polling.send('over polling', 'p-1')).toBe('ack');
    await polling.waitForReceived(1);
    expect(polling.received).toEqual([{ content: 'over polling', id: 1 }]);
  });

  it('acks a retry of the same client offset and stores it once, without broadcasting again', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db });
    const alice = await bed.connect(server);
    const bob = await bed.connect(server);

    expect(await alice.send('once', 'alice-1')).toBe('ack');
    expect(await alice.send('once', 'alice-1')).toBe('ack');
    expect(await alice.send('once', 'alice-1')).toBe('ack');
    await sleep(100);
    expect(await readRows(db)).toEqual([{ id: 1, client_offset: 'alice-1', content: 'once' }]);
    expect(bob.ids()).toEqual([1]);
  });

  it('catches up a new client with exactly the rows after its auth.serverOffset, in id order', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db });
    const writer = await bed.connect(server);
    for (let i = 1; i <= 5; i += 1) expect(await writer.send(`m${i}`, `w-${i}`)).toBe('ack');

    const late = await bed.connect(server, { serverOffset: 2 });
    await late.waitForReceived(3);
    await sleep(100);
    expect(late.received).toEqual([
      { content: 'm3', id: 3 },
      { content: 'm4', id: 4 },
      { content: 'm5', id: 5 },
    ]);

    const upToDate = await bed.connect(server, { serverOffset: 5 });
    const fresh = await bed.connect(server);
    const invalid = await bed.connect(server, { serverOffset: 'abc' });
    const negative = await bed.connect(server, { serverOffset: -3 });
    for (const client of [fresh, invalid, negative]) await client.waitForReceived(5);
    await sleep(100);
    expect(upToDate.received).toEqual([]);
    for (const client of [fresh, invalid, negative]) expect(client.ids()).toEqual([1, 2, 3, 4, 5]);
  });

  it('delivers every stored message exactly once and in id order, even to clients joining mid-stream', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db });
    const senders = await Promise.all([bed.connect(server), bed.connect(server), bed.connect(server)]);
    const perSender = 20;
    const sending = senders.map(async (client, c) => {
      // Fire without waiting for acks: arrival order is send order on one connection.
      const outcomes = await Promise.all(
        Array.from({ length: perSender }, (_, i) => client.send(`c${c} m${i}`, `c${c}-${i}`, 5000)),
      );
      expect(outcomes.every((o) => o === 'ack')).toBe(true);
    });
    await sleep(5);
    const lateJoiners = await Promise.all([bed.connect(server), bed.connect(server, { transports: ['polling'] })]);
    await Promise.all(sending);

    const rows = await readRows(db);
    const total = senders.length * perSender;
    expect(rows).toHaveLength(total);
    const everyId = rows.map((r) => r.id);
    for (let c = 0; c < senders.length; c += 1) {
      const mine = rows.filter((r) => r.client_offset?.startsWith(`c${c}-`)).map((r) => r.client_offset);
      expect(mine).toEqual(Array.from({ length: perSender }, (_, i) => `c${c}-${i}`));
    }
    for (const client of [...senders, ...lateJoiners]) {
      await client.waitForReceived(total, 5000);
      await sleep(50);
      expect(client.ids()).toEqual(everyId);
    }
  });

  it('restores a briefly disconnected client by connection state recovery, missing nothing, duplicating nothing', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db });
    const writer = await bed.connect(server);
    const roamer = await bed.connect(server, { reconnection: true, trackServerOffset: true });
    expect(await writer.send('before', 'w-1')).toBe('ack');
    await roamer.waitForReceived(1);

    roamer.socket.io.engine.close();
    expect(await writer.send('while away', 'w-2')).toBe('ack');
    await roamer.waitForReceived(2);
    expect(await writer.send('after', 'w-3')).toBe('ack');
    await roamer.waitForReceived(3);
    await sleep(100);
    expect(roamer.recovered()).toBe(true);
    expect(roamer.ids()).toEqual([1, 2, 3]);
  });

  it('rejects bad input with ack({ error }), stores nothing, and keeps serving', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db });
    const client = await bed.connect(server);
    const { socket } = client;
    const bad = async (...args: unknown[]) => socket.timeout(2000).emitWithAck('chat message', ...args);

    expect(await bad(42, 'x-1')).toEqual({ error: 'content must be a string, got number' });
    expect(await bad('x'.repeat(10_001), 'x-2')).toEqual({
      error: 'content is 10001 characters long, the limit is 10000',
    });
    expect(await bad('hi', 'o'.repeat(201))).toEqual({ error: 'clientOffset is 201 characters long, the limit is 200' });
    expect(await bad('hi', '')).toEqual({ error: 'clientOffset must not be empty' });
    expect(await bad('hi', { nested: true })).toEqual({ error: 'clientOffset must be a string, got object' });
    expect(await bad('hi')).toEqual({ error: 'clientOffset must be a string, got undefined' });
    // No ack callback (Socket.IO's default client): a well-formed message is stored, bad ones are not.
    socket.emit('chat message', 'no ack', 'x-3');
    socket.emit('chat message');
    socket.emit('chat message', null, null, null);

    expect(await client.send('x'.repeat(10_000), 'o'.repeat(200))).toBe('ack');
    expect(await client.send('still here', 'x-4')).toBe('ack');
    const rows = await readRows(db);
    expect(rows.map((r) => r.client_offset)).toEqual(['x-3', 'o'.repeat(200), 'x-4']);
    expect(client.ids()).toEqual([1, 2, 3]);
  });
});
