/**
 * The reference server as several nodes sharing one store through each
 * adapter, against real Redis, PostgreSQL and Toxiproxy: every row reaches
 * every client once and in id order, whatever node stored it, also on a node
 * cut from the adapter; a retry that lands on another node is acked and
 * stored once.
 */
import { describe, expect, it } from 'vitest';
import { armFailpoint } from '../src/launch.js';
import { useNodeBed, type AdapterKind } from './helpers/nodes.js';
import { readRows } from './helpers/sqlite.js';
import { sleep, waitFor, type TestClient } from './helpers/testbed.js';

const { bed, nodes } = useNodeBed();

/** Each sender sends `each` messages, waiting for each ack, all senders at once. */
async function sendFromAll(senders: TestClient[], each: number, tag = 'm'): Promise<void> {
  await Promise.all(
    senders.map(async (sender, s) => {
      for (let k = 1; k <= each; k += 1) expect(await sender.send(`${tag}${s}-${k}`, `${tag}${s}-${k}`)).toBe('ack');
    }),
  );
}

/** Every client received exactly the stored ids, in order. */
async function expectEveryRowOnceInOrder(clients: TestClient[], storedIds: number[], timeoutMs = 5000): Promise<void> {
  await Promise.all(clients.map((client) => client.waitForReceived(storedIds.length, timeoutMs)));
  await sleep(200);
  for (const client of clients) expect(client.ids()).toEqual(storedIds);
}

describe('reference server: many nodes', () => {
  // One deployment per adapter proves both: rows from every node reach every node's clients, and a node cut from the
  // adapter still gets them (from the table) until healed.
  for (const adapter of ['redis', 'redis-streams', 'postgres'] as AdapterKind[]) {
    it(`${adapter} adapter: messages sent on three nodes at once reach every client on every node once, in id order; a node cut from the adapter still delivers every row, in order and once, by reading the table`, async () => {
      const { nodes: [n0, n1, n2], proxies, rows } = await nodes.start({ count: 3, adapter });
      const clients = [await bed.connect(n0!), await bed.connect(n1!), await bed.connect(n2!)];
      const [sender, receiver] = clients;
      await sendFromAll(clients, 4);
      const together = await rows();
      expect(together).toHaveLength(12);
      await expectEveryRowOnceInOrder(clients, together.map((r) => r.id));
      expect(n1!.stderrTail()).not.toMatch(/failed/);

      await proxies.setEnabled(1, false);
      await sendFromAll([sender!], 5, 'cut');
      // Still cut: the rows came from the table.
      await receiver!.waitForReceived(17, 5000);
      const outage = new RegExp(`\\[n1\\].*${adapter === 'postgres' ? 'postgres adapter' : 'redis'}.* failed`);
      await waitFor(() => outage.test(n1!.stderrTail()), 3000, () => `n1 logged no outage: ${n1!.stderrTail()}`);
      expect(n1!.running()).toBe(true);

      await proxies.setEnabled(1, true);
      await sendFromAll([sender!], 2, 'healed');
      const stored = await rows();
      expect(stored).toHaveLength(19);
      await expectEveryRowOnceInOrder(clients, stored.map((r) => r.id));
    });
  }

  // With connection state recovery on, socket.emit goes through adapter.broadcast, and the
  // cluster-style adapters (postgres, redis-streams) deliver it only once it is published to the
  // other nodes (a pg_notify each, on a pool of several connections): catch-up rows came late and
  // in any order, overtaken by live rows (siochaos adapter-partition --adapter postgres --seed 1).
  for (const adapter of ['redis-streams', 'postgres'] as AdapterKind[]) {
    it(`${adapter} adapter: a client caught up while its node's adapter is slow gets the catch-up rows at once, before live rows, in id order`, async () => {
      const { nodes: [n0], proxies, rows } = await nodes.start({ count: 1, adapter });
      const sender = await bed.connect(n0!);
      await sendFromAll([sender], 3, 'old');
      await proxies.addToxic(0, { type: 'latency', stream: 'downstream', attributes: { latency: 3000, jitter: 0 } });

      const newcomer = await bed.connect(n0!, { serverOffset: 0 });
      // The mutex puts this row's broadcast after the catch-up, which no longer waits for the adapter.
      expect(await sender.send('live', 'live')).toBe('ack');
      const stored = await rows();
      expect(stored).toHaveLength(4);
      await expectEveryRowOnceInOrder([newcomer], stored.map((r) => r.id), 10_000);
      // Node-locally, not after the adapter's 3 s round trips.
      expect(newcomer.received.at(-1)?.content).toBe('live');
    });
  }

  it('a node that cannot reach Redis when it starts starts all the same, delivers by reading the table, and stops cleanly', async () => {
    const deployment = await nodes.start({ count: 1, adapter: 'redis' });
    await deployment.proxies.setEnabled(0, false);
    const options = deployment.launchOptions(0);
    const cut = await bed.launch({ ...options, node: 'n1' });
    expect(cut.stderrTail()).toMatch(/\[n1\].*redis adapter cannot reach .* yet: starting anyway/);
    const sender = await bed.connect(deployment.nodes[0]!);
    const receiver = await bed.connect(cut);
    await sendFromAll([sender], 3);
    await expectEveryRowOnceInOrder([sender, receiver], (await deployment.rows()).map((r) => r.id));
    await cut.stop();
    expect(await cut.exited).toEqual({ code: 0, signal: null });
  });

  it('a retry that lands on another node, its first node dead after the insert, is acked and stored once', async () => {
    const { nodes: [n0, n1, n2], rows } = await nodes.start({ count: 3, adapter: 'redis', launch: { adminPort: true } });
    const observer = await bed.connect(n2!);
    await armFailpoint(n0!.adminPort!, 'after-insert-before-ack', 1, 'crash');
    const first = await bed.connect(n0!);
    expect(await first.send('hi', 'c-1', 1000)).toBe('timeout');
    await n0!.exited;
    // The client fails over to n1 and sends its message again.
    const moved = await bed.connect(n1!);
    expect(await moved.send('hi', 'c-1')).toBe('ack');
    const stored = await rows();
    expect(stored.map((r) => r.client_offset)).toEqual(['c-1']);
    await expectEveryRowOnceInOrder([moved, observer], stored.map((r) => r.id));
  });

  it('cluster adapter: a primary forks three workers sharing a SQLite file; rows reach every worker\'s clients once, in order, also after one worker is killed', async () => {
    const db = await bed.dbPath();
    const primary = await bed.launch({ db, cluster: { workers: 3 }, adminPort: true });
    const workers = primary.workers!;
    expect(workers.map((w) => w.node)).toEqual(['n0', 'n1', 'n2']);
    expect(new Set(workers.map((w) => w.port)).size).toBe(3);
    expect(new Set(workers.map((w) => w.adminPort)).size).toBe(3);
    expect(new Set(workers.map((w) => w.pid)).size).toBe(3);
    const clients = [await bed.connect(workers[0]!), await bed.connect(workers[1]!), await bed.connect(workers[2]!)];
    await sendFromAll(clients, 3);
    await expectEveryRowOnceInOrder(clients, (await readRows(db)).map((r) => r.id));

    // n1 dies alone; its client fails over to n2 and catches up from its last offset.
    process.kill(workers[1]!.pid, 'SIGKILL');
    await waitFor(() => !clients[1]!.socket.connected, 3000, () => 'n1\'s client noticed');
    expect(await clients[0]!.send('after', 'after')).toBe('ack');
    const moved = await bed.connect(workers[2]!, { serverOffset: clients[1]!.ids().at(-1) });
    const ids = (await readRows(db)).map((r) => r.id);
    await expectEveryRowOnceInOrder([clients[0]!, clients[2]!], ids);
    await moved.waitForReceived(1);
    expect(moved.ids()).toEqual([ids.at(-1)]);
    expect(primary.running()).toBe(true);
    await primary.stop();
    expect(await primary.exited).toEqual({ code: 0, signal: null });
  });

  it('nodes sharing a SQLite file: messages sent on both at once reach both nodes\' clients once, in id order', async () => {
    const db = await bed.dbPath();
    const { nodes: [n0, n1] } = await nodes.start({ count: 2, adapter: 'redis', db });
    const clients = [await bed.connect(n0!), await bed.connect(n1!), await bed.connect(n1!)];
    await sendFromAll(clients, 5);
    const stored = await readRows(db);
    expect(stored).toHaveLength(15);
    await expectEveryRowOnceInOrder(clients, stored.map((r) => r.id));
  });
});
