/**
 * Proxies kept from one scenario to the next: a pool given back is parked
 * (no toxic left, every connection cut) and the next scenario gets it
 * re-pointed at its own target, enabled, with nothing of the scenario before.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/net/waitFor.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import { ProxyStock } from '../../src/toxiproxy/ProxyStock.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';
import { toxiproxyCall } from '../../src/toxiproxy/toxiproxyCall.js';

/** A TCP server that says its name to every connection and keeps it open. */
async function namedServer(name: string): Promise<{ address: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write(name);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Connects to `listen` and resolves with the socket and whatever first arrives on it. */
function dial(listen: string): Promise<{ socket: net.Socket; greeting: string; closed: () => boolean }> {
  const [host, port] = [listen.split(':')[0]!, Number(listen.split(':')[1])];
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    let closed = false;
    socket.on('close', () => (closed = true));
    socket.once('error', reject);
    socket.once('data', (data) => resolve({ socket, greeting: data.toString(), closed: () => closed }));
  });
}

interface ProxyState {
  name: string;
  enabled: boolean;
  upstream: string;
  toxics: { name: string }[];
}

let toxiproxy: ToxiproxyServer;
let first: Awaited<ReturnType<typeof namedServer>>;
let second: Awaited<ReturnType<typeof namedServer>>;
beforeAll(async () => {
  toxiproxy = await provideToxiproxy();
  first = await namedServer('first');
  second = await namedServer('second');
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await toxiproxy?.stop();
});

const state = async (name: string): Promise<ProxyState> => (await toxiproxyCall<ProxyState>(toxiproxy.url, 'GET', `/proxies/${name}`)).body!;

describe('a proxy stock', () => {
  it('gives the next scenario the same proxies re-pointed, with no toxic, enabled, and no connection of the scenario before', async () => {
    const stock = new ProxyStock(toxiproxy.url);
    try {
      const pool = await stock.take(first.address, 2);
      const kept = await dial(pool.entries[0]!.listen);
      expect(kept.greeting).toBe('first');
      await pool.addToxic(0, { type: 'latency', stream: 'downstream', attributes: { latency: 3000 } });
      await pool.addToxic(1, { type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } });
      await pool.setEnabled(1, false);

      await stock.giveBack(pool);
      expect(stock.parked).toBe(1);
      // Parked: the connection of the scenario before is cut.
      expect(await waitFor(() => (kept.closed() ? true : undefined), 5000, 20)).toBe(true);

      const next = await stock.take(second.address, 2);
      expect(next.entries.map((e) => e.listen)).toEqual(pool.entries.map((e) => e.listen));
      for (const entry of next.entries) {
        const proxy = await state(entry.name);
        expect(proxy.toxics, `${entry.name} kept a toxic`).toEqual([]);
        expect(proxy.enabled).toBe(true);
        expect(proxy.upstream).toBe(second.address);
      }
      // A connection now reaches the new upstream, with no latency toxic in the way.
      const started = performance.now();
      const fresh = await dial(next.entries[0]!.listen);
      expect(fresh.greeting).toBe('second');
      expect(performance.now() - started).toBeLessThan(3000);
      fresh.socket.destroy();
      await stock.giveBack(next);
    } finally {
      await stock.close();
    }
  });

  it("heals every toxic and disabled proxy of a pool, heal after heal (it looks only at the proxies touched since the last)", async () => {
    const stock = new ProxyStock(toxiproxy.url);
    try {
      const pool = await stock.take(first.address, 3);
      const clean = async (): Promise<void> => {
        for (const entry of pool.entries) {
          const proxy = await state(entry.name);
          expect(proxy.toxics, `${entry.name} kept a toxic`).toEqual([]);
          expect(proxy.enabled, `${entry.name} left disabled`).toBe(true);
        }
      };
      await pool.addToxic(1, { type: 'latency', stream: 'upstream', attributes: { latency: 100 } });
      await pool.healAll();
      await clean();
      await pool.addToxic(0, { type: 'bandwidth', stream: 'downstream', attributes: { rate: 1 } });
      await pool.setEnabled(2, false);
      await pool.healAll();
      await clean();
    } finally {
      await stock.close();
    }
  });

  it('a disable still queued behind another change of its proxy when the heal starts is waited for: the heal leaves the proxy enabled', async () => {
    const stock = new ProxyStock(toxiproxy.url);
    try {
      const pool = await stock.take(first.address, 1);
      // The disable waits for the move (one change of a proxy at a time), so it lands after a heal that reads the proxy at once.
      const moved = pool.setUpstream(0, second.address);
      const disabled = pool.setEnabled(0, false);
      await pool.healAll();
      await Promise.all([moved, disabled]);
      expect((await state(pool.entries[0]!.name)).enabled, 'left disabled by a disable the heal did not wait for').toBe(true);
    } finally {
      await stock.close();
    }
  });

  it('makes a new pool when none of that size is parked, and deletes every proxy at close', async () => {
    const stock = new ProxyStock(toxiproxy.url);
    const two = await stock.take(first.address, 2);
    const three = await stock.take(first.address, 3);
    await stock.giveBack(two);
    const again = await stock.take(second.address, 3);
    expect(again).not.toBe(two);
    expect(again).not.toBe(three);
    const names = [two, three, again].flatMap((pool) => pool.entries.map((e) => e.name));
    await stock.close();
    for (const name of names) {
      const { status } = await toxiproxyCall(toxiproxy.url, 'GET', `/proxies/${name}`, { accept: [404] });
      expect(status, `${name} left in Toxiproxy`).toBe(404);
    }
  });

  it('a pool being made or re-pointed when the stock closes is deleted, not left in Toxiproxy (a target readied ahead at the campaign\'s end)', async () => {
    const names = async (): Promise<string[]> => Object.keys((await toxiproxyCall<Record<string, unknown>>(toxiproxy.url, 'GET', '/proxies')).body!).sort();
    const before = await names();
    const stock = new ProxyStock(toxiproxy.url);
    const making = stock.take(first.address, 2);
    const closing = stock.close();
    await expect(making).rejects.toThrow(/closed/);
    await closing;
    expect(await names()).toEqual(before);

    const again = new ProxyStock(toxiproxy.url);
    await again.giveBack(await again.take(first.address, 2));
    const repointing = again.take(second.address, 2);
    const closingAgain = again.close();
    await expect(repointing).rejects.toThrow(/closed/);
    await closingAgain;
    expect(await names()).toEqual(before);

    // A parked pool whose re-pointing fails (a proxy deleted behind its back) while the stock closes.
    const third = new ProxyStock(toxiproxy.url);
    const parked = await third.take(first.address, 2);
    await third.giveBack(parked);
    await toxiproxyCall(toxiproxy.url, 'DELETE', `/proxies/${parked.entries[0]!.name}`);
    const failing = third.take(second.address, 2);
    const closingThird = third.close();
    await expect(failing).rejects.toThrow();
    await closingThird;
    expect(await names()).toEqual(before);
  });
});
