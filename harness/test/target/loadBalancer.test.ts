import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { strategies } from '../../src/clients/strategies/registry.js';
import type { ClientMovedEvent, ConnectEvent, HistoryEvent } from '../../src/history/events.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { waitFor } from '../../src/net/waitFor.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { LoadBalancer, type BalancerMode } from '../../src/target/LoadBalancer.js';
import type { TargetNode, TargetProcess } from '../../src/target/Target.js';
import { ProxyPool } from '../../src/toxiproxy/ProxyPool.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';
import { buildView } from '../../src/view/buildView.js';

/**
 * A node for the balancer: a real Socket.IO server on a loopback port that
 * greets every connection with its own name (a broadcast with offset 0, so
 * the history shows which node really served each connection). Its
 * "process" is the server: crash closes it (connections dropped, port
 * closed), restart listens again on the same port.
 */
async function socketNode(name: string): Promise<TargetNode & { stop(): Promise<void> }> {
  let http: HttpServer | undefined;
  let io: Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    http = createHttpServer();
    io = new Server(http);
    io.on('connection', (socket) => socket.emit('chat message', `hello from ${name}`, 0));
    await new Promise<void>((resolve) => http!.listen(port, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  };
  const close = async (): Promise<void> => {
    const [server, h] = [io, http];
    io = undefined;
    http = undefined;
    if (!server || !h) return;
    h.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  await listen();
  const process: TargetProcess = {
    pid: () => (io ? 1 : undefined),
    isRunning: () => io !== undefined,
    signal: () => undefined,
    crash: close,
    terminate: close,
    restart: async () => {
      await close();
      await listen();
    },
  };
  return { name, address: () => ({ host: '127.0.0.1', port }), process, stop: close };
}

/** The node that greeted each connect of `client`, in order (the truth the connect events must name). */
function servedBy(history: readonly HistoryEvent[], client: string): string[] {
  const served: string[] = [];
  for (const e of history) {
    if (e.type === 'receive' && e.client === client && e.content.startsWith('hello from ')) served.push(e.content.slice('hello from '.length));
  }
  return served;
}

function connectsOf(history: readonly HistoryEvent[], client: string): ConnectEvent[] {
  return history.filter((e): e is ConnectEvent => e.type === 'connect' && e.client === client);
}

let toxiproxy: ToxiproxyServer;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  toxiproxy = await provideToxiproxy();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await toxiproxy?.stop();
});

describe('ProxyPool.setUpstream', () => {
  /** A TCP server that writes its name to every connection and keeps it open. */
  async function namedServer(name: string): Promise<{ port: number; close(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.write(name);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as AddressInfo).port,
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise((resolve) => server.close(() => resolve()));
      },
    };
  }
  /** Connects, reads the greeting; resolves `closed` when the connection ends. */
  async function dial(port: number): Promise<{ greeting: string; closed: Promise<void>; socket: net.Socket }> {
    const socket = net.connect(port, '127.0.0.1');
    const greeting = await new Promise<string>((resolve, reject) => {
      socket.once('data', (data) => resolve(data.toString()));
      socket.once('error', reject);
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    return { greeting, closed, socket };
  }

  it('re-points a proxy: Toxiproxy restarts it, its live connections are dropped, new ones reach the new upstream', async () => {
    const a = await namedServer('A');
    const b = await namedServer('B');
    cleanups.push(() => a.close(), () => b.close());
    const pool = await ProxyPool.create(toxiproxy.url, (i) => `127.0.0.1:${i === 0 ? a.port : b.port}`, 2);
    cleanups.push(() => pool.destroy());
    expect(pool.upstreamOf(0)).toBe(`127.0.0.1:${a.port}`);
    const before = await dial(pool.entries[0]!.port);
    const other = await dial(pool.entries[1]!.port);
    cleanups.push(() => void before.socket.destroy(), () => void other.socket.destroy());
    expect(before.greeting).toBe('A');
    expect(other.greeting).toBe('B');

    await pool.setUpstream(0, `127.0.0.1:${b.port}`);
    // The live connection through proxy 0 is cut (within 2 s), the other proxy's is not.
    const cut = await Promise.race([before.closed.then(() => true), new Promise((r) => setTimeout(() => r(false), 2000))]);
    expect(cut).toBe(true);
    const after = await dial(pool.entries[0]!.port);
    cleanups.push(() => void after.socket.destroy());
    expect(after.greeting).toBe('B');
    expect(pool.upstreamOf(0)).toBe(`127.0.0.1:${b.port}`);
    expect(other.socket.destroyed).toBe(false);
    // Same listen address after the restart.
    expect(pool.entries[0]!.listen).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('a disabled proxy stays disabled when re-pointed, and a re-point after a disable does not undo it', async () => {
    const a = await namedServer('A');
    const b = await namedServer('B');
    cleanups.push(() => a.close(), () => b.close());
    const pool = await ProxyPool.create(toxiproxy.url, `127.0.0.1:${a.port}`, 1);
    cleanups.push(() => pool.destroy());
    // Both at once: the second must see the first's state.
    await Promise.all([pool.setEnabled(0, false), pool.setUpstream(0, `127.0.0.1:${b.port}`)]);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(pool.entries[0]!.port, '127.0.0.1');
      socket.once('error', () => resolve(true));
      socket.once('data', () => resolve(false));
      socket.once('close', () => resolve(true));
    });
    expect(refused).toBe(true);
    await pool.setEnabled(0, true);
    const after = await dial(pool.entries[0]!.port);
    cleanups.push(() => void after.socket.destroy());
    expect(after.greeting).toBe('B');
  });
});

describe('LoadBalancer', () => {
  async function balanced(nodeCount: number, clientCount: number, mode: BalancerMode = 'sticky') {
    const nodes = await Promise.all(Array.from({ length: nodeCount }, (_, i) => socketNode(`n${i}`)));
    cleanups.push(() => Promise.all(nodes.map((n) => n.stop())).then(() => undefined));
    const recorder = new HistoryRecorder();
    const balancer = await LoadBalancer.start({ toxiproxyUrl: toxiproxy.url, nodes, clients: clientCount, recorder, mode, healthCheckMs: 50 });
    cleanups.push(() => balancer.proxies.destroy());
    cleanups.push(() => balancer.close());
    const names = Array.from({ length: clientCount }, (_, i) => `c${i}`);
    balancer.nameClients(names);
    const clients = balancer.proxies.entries.map(
      (entry, i) =>
        new ChaosClient({
          name: names[i]!,
          url: `http://${entry.listen}`,
          strategy: strategies['queued-retry']({ ackTimeoutMs: 1000, retries: Infinity }),
          protocol: tutorialProtocol,
          recorder,
          routing: balancer,
        }),
    );
    cleanups.push(() => clients.forEach((c) => c.close()));
    for (const c of clients) c.connect();
    expect(await Promise.all(clients.map((c) => c.waitConnected(5000)))).toEqual(clients.map(() => true));
    const greeted = (client: number, count: number) =>
      waitFor(() => (servedBy(recorder.events, names[client]!).length >= count ? true : undefined), 5000, 10);
    await Promise.all(clients.map((_, i) => greeted(i, 1)));
    return { nodes, recorder, balancer, clients, greeted };
  }

  it('spreads client i over node i % N, and each connect names the node that served it', async () => {
    const { recorder, balancer } = await balanced(3, 4);
    expect([0, 1, 2, 3].map((i) => balancer.nodeOf(i))).toEqual(['n0', 'n1', 'n2', 'n0']);
    expect(balancer.clientsOn('n0')).toEqual([0, 3]);
    for (const [i, node] of ['n0', 'n1', 'n2', 'n0'].entries()) {
      expect(connectsOf(recorder.events, `c${i}`).map((e) => e.node)).toEqual([node]);
      expect(servedBy(recorder.events, `c${i}`)).toEqual([node]);
    }
    const view = buildView(recorder.events);
    expect(view.clients.get('c1')?.nodes).toEqual(['n1']);
  });

  it('move drops the connection; the client reconnects on its new node and client-moved is recorded', async () => {
    const { recorder, balancer, clients, greeted } = await balanced(3, 2);
    await balancer.move(1, 'n2', 'command');
    expect(balancer.nodeOf(1)).toBe('n2');
    expect(await greeted(1, 2)).toBe(true);
    expect(clients[1]!.connected || (await clients[1]!.waitConnected(5000))).toBe(true);
    const connects = connectsOf(recorder.events, 'c1');
    expect(connects.map((e) => e.node)).toEqual(['n1', 'n2']);
    expect(servedBy(recorder.events, 'c1')).toEqual(['n1', 'n2']);
    const moved = recorder.events.filter((e): e is ClientMovedEvent => e.type === 'client-moved');
    expect(moved).toEqual([expect.objectContaining({ client: 'c1', from: 'n1', to: 'n2', cause: 'command' })]);
    // The drop came after the move was recorded... or just before it: in any case between the two connects.
    const index = (e: HistoryEvent) => recorder.events.indexOf(e);
    const disconnect = recorder.events.findIndex((e) => e.type === 'disconnect' && e.client === 'c1');
    expect(disconnect).toBeGreaterThan(index(connects[0]!));
    expect(disconnect).toBeLessThan(index(connects[1]!));
    // c0 was not touched.
    expect(connectsOf(recorder.events, 'c0')).toHaveLength(1);
    // A move to where it is does nothing.
    await balancer.move(1, 'n2', 'command');
    expect(recorder.events.filter((e) => e.type === 'client-moved')).toHaveLength(1);
    const view = buildView(recorder.events);
    expect(view.clients.get('c1')?.nodes).toEqual(['n1', 'n2']);
    expect(view.clients.get('c1')?.moves).toHaveLength(1);
    await expect(balancer.move(1, 'n9', 'command')).rejects.toThrow(/no node n9: the target's nodes are n0, n1, n2/);
  });

  it('fails the clients of a node that went down over to live nodes; the others stay', async () => {
    const { nodes, recorder, balancer, greeted } = await balanced(3, 6);
    await nodes[1]!.process!.crash();
    await balancer.checkNodes();
    expect(balancer.clientsOn('n1')).toEqual([]);
    // c1 and c4 were on n1: each goes to the live node with fewest clients.
    // Moved at once (recorded in the order Toxiproxy answered): by client.
    const moved = recorder.events.filter((e): e is ClientMovedEvent => e.type === 'client-moved').sort((a, b) => a.client.localeCompare(b.client));
    expect(moved.map((e) => [e.client, e.from, e.cause])).toEqual([
      ['c1', 'n1', 'failover'],
      ['c4', 'n1', 'failover'],
    ]);
    expect(new Set(moved.map((e) => e.to))).toEqual(new Set(['n0', 'n2']));
    expect(await greeted(1, 2)).toBe(true);
    expect(await greeted(4, 2)).toBe(true);
    expect(servedBy(recorder.events, 'c1')).toEqual(['n1', moved[0]!.to]);
    expect(connectsOf(recorder.events, 'c4').map((e) => e.node)).toEqual(['n1', moved[1]!.to]);
    for (const i of [0, 2, 3, 5]) expect(connectsOf(recorder.events, `c${i}`)).toHaveLength(1);
    // n1 back up: sticky clients stay where they are.
    await nodes[1]!.process!.restart();
    await balancer.checkNodes();
    expect(balancer.clientsOn('n1')).toEqual([]);
  });

  it('the health check fails over by itself', async () => {
    const { nodes, recorder, greeted } = await balanced(2, 2);
    await nodes[0]!.process!.crash();
    expect(await greeted(0, 2)).toBe(true);
    expect(servedBy(recorder.events, 'c0')).toEqual(['n0', 'n1']);
  });

  it('roaming sends every reconnect to another node, and a move is not roamed again', async () => {
    const { recorder, balancer, greeted } = await balanced(3, 1, 'roaming');
    // A dropped connection (the proxy cut): the reconnect goes to the next node.
    await balancer.proxies.setEnabled(0, false);
    await balancer.proxies.setEnabled(0, true);
    expect(await greeted(0, 2)).toBe(true);
    expect(servedBy(recorder.events, 'c0')).toEqual(['n0', 'n1']);
    await balancer.move(0, 'n0', 'command');
    expect(await greeted(0, 3)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(servedBy(recorder.events, 'c0')).toEqual(['n0', 'n1', 'n0']);
    const moved = recorder.events.filter((e): e is ClientMovedEvent => e.type === 'client-moved');
    expect(moved.map((e) => [e.from, e.to, e.cause])).toEqual([
      ['n0', 'n1', 'roaming'],
      ['n1', 'n0', 'command'],
    ]);
    expect(connectsOf(recorder.events, 'c0').map((e) => e.node)).toEqual(['n0', 'n1', 'n0']);
  });
});
