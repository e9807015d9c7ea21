import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { strategies } from '../../src/clients/strategies/registry.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { runScenario, type ScenarioSetup } from '../../src/core/runScenario.js';
import { faults } from '../../src/faults/registry.js';
import type { ClientMovedEvent, ConnectEvent, HistoryEvent, ReceiveEvent } from '../../src/history/events.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { waitFor } from '../../src/net/waitFor.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import type { TargetExit } from '../../src/target/exitMonitor.js';
import { LoadBalancer } from '../../src/target/LoadBalancer.js';
import type { ReferenceAdapter } from '../../src/target/referenceNodes.js';
import { referenceServerTarget, type ReferenceServerTarget } from '../../src/target/referenceServer.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';
import { toxiproxyCall } from '../../src/toxiproxy/toxiproxyCall.js';

let toxiproxy: ToxiproxyServer;
let workDir: string;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
beforeAll(async () => {
  toxiproxy = await provideToxiproxy();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-nodes-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
});
afterAll(async () => {
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
});

async function started(nodes: number, adapter: ReferenceAdapter): Promise<ReferenceServerTarget> {
  const dataDir = await mkdtemp(path.join(workDir, 'target-'));
  const target = referenceServerTarget({ dataDir, nodes, adapter, toxiproxyUrl: toxiproxy.url });
  cleanups.push(() => target.stop());
  await target.start();
  return target;
}

/** Clients behind a balancer in front of the target's nodes, connected. */
async function balanced(target: ReferenceServerTarget, count: number) {
  const recorder = new HistoryRecorder();
  const balancer = await LoadBalancer.start({ toxiproxyUrl: toxiproxy.url, nodes: target.nodes!, clients: count, recorder });
  cleanups.push(() => balancer.proxies.destroy());
  cleanups.push(() => balancer.close());
  balancer.nameClients(balancer.proxies.entries.map((_, i) => `c${i}`));
  const clients = balancer.proxies.entries.map(
    (entry, i) =>
      new ChaosClient({
        name: `c${i}`,
        url: `http://${entry.listen}`,
        strategy: strategies['queued-retry']({ ackTimeoutMs: 1000, retries: Infinity }),
        protocol: tutorialProtocol,
        recorder,
        reconnectDelayMs: [100, 300],
        routing: balancer,
      }),
  );
  cleanups.push(() => clients.forEach((c) => c.close()));
  for (const c of clients) c.connect();
  expect(await Promise.all(clients.map((c) => c.waitConnected(10_000)))).toEqual(clients.map(() => true));
  return { recorder, balancer, clients };
}

const connectsOf = (history: readonly HistoryEvent[], client: string) =>
  history.filter((e): e is ConnectEvent => e.type === 'connect' && e.client === client);
const receivesOf = (history: readonly HistoryEvent[], client: string) =>
  history.filter((e): e is ReceiveEvent => e.type === 'receive' && e.client === client);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `perClient` messages from every client, one client after the other, and waits until each is acked. */
async function chat(recorder: HistoryRecorder, clients: readonly ChaosClient[], perClient: number, tag: string): Promise<string[]> {
  const msgs: string[] = [];
  for (let round = 0; round < perClient; round++) for (const c of clients) msgs.push(c.send(`${tag} ${c.name} #${round}`));
  const acked = await waitFor(() => (msgs.every((m) => recorder.events.some((e) => e.type === 'ok' && e.msg === m)) ? true : undefined), 15_000, 20);
  expect(acked).toBe(true);
  return msgs;
}

/**
 * Every client, whatever its node, has received every stored row once and in
 * offset order (waiting up to 5 s for the last); returns how many rows.
 */
async function everyoneGotEverything(target: ReferenceServerTarget, recorder: HistoryRecorder, clients: readonly ChaosClient[]): Promise<number> {
  const offsets = (await target.readStore()).map((r) => r.offset);
  await waitFor(() => (clients.every((c) => c.highestOffset >= offsets.at(-1)!) ? true : undefined), 5000, 20);
  for (const c of clients) expect(receivesOf(recorder.events, c.name).map((e) => e.offset)).toEqual(offsets);
  return offsets.length;
}

describe('the reference target with 3 nodes', () => {
  it('starts 3 processes sharing one store; clients on different nodes all get every message once, in order', async () => {
    const target = await started(3, 'redis');
    expect(target.nodes!.map((n) => n.name)).toEqual(['n0', 'n1', 'n2']);
    const pids = target.nodes!.map((n) => n.process!.pid()!);
    expect(new Set(pids).size).toBe(3);
    expect(target.process.isRunning()).toBe(true);
    expect(target.database.kind).toBe('postgres');
    expect(target.adapter?.kind).toBe('redis');
    // One database proxy and one adapter proxy per node.
    expect(target.database.kind === 'postgres' && target.database.proxy().size).toBe(3);
    expect(target.adapter?.proxies?.().size).toBe(3);

    const { recorder, balancer, clients } = await balanced(target, 3);
    expect([0, 1, 2].map((i) => balancer.nodeOf(i))).toEqual(['n0', 'n1', 'n2']);
    for (const i of [0, 1, 2]) {
      expect(connectsOf(recorder.events, `c${i}`).map((e) => e.node)).toEqual([`n${i}`]);
      const { host, port } = target.nodes![i]!.address();
      expect(balancer.proxies.upstreamOf(i)).toBe(`${host}:${port}`);
    }
    await chat(recorder, clients, 3, 'hello');
    expect(await everyoneGotEverything(target, recorder, clients)).toBe(9);
  }, 60_000);

  it('a move drops the connection; the client reconnects on its new node and still gets everything', async () => {
    const target = await started(3, 'redis');
    const { recorder, balancer, clients } = await balanced(target, 3);
    await balancer.move(0, 'n2', 'command');
    expect(await waitFor(() => (connectsOf(recorder.events, 'c0').length >= 2 ? true : undefined), 5000, 10)).toBe(true);
    expect(connectsOf(recorder.events, 'c0').map((e) => e.node)).toEqual(['n0', 'n2']);
    expect(recorder.events.filter((e) => e.type === 'client-moved')).toEqual([expect.objectContaining({ client: 'c0', from: 'n0', to: 'n2', cause: 'command' })]);
    await chat(recorder, clients, 2, 'after the move');
    expect(await everyoneGotEverything(target, recorder, clients)).toBe(6);
  }, 60_000);

  it('crashing n1 alone leaves n0 and n2 up; its clients fail over; an outside kill of a node is told with its name', async () => {
    const target = await started(3, 'redis');
    const { recorder, balancer, clients } = await balanced(target, 3);
    const exits: TargetExit[] = [];
    cleanups.push(target.process.onUnexpectedExit!((exit) => exits.push(exit)));
    const [n0, n1, n2] = target.nodes!;
    const before = [n0!.process!.pid(), n2!.process!.pid()];

    await n1!.process!.crash();
    expect(n1!.process!.isRunning()).toBe(false);
    expect(target.process.isRunning()).toBe(false);
    expect([n0!.process!.pid(), n2!.process!.pid()]).toEqual(before);
    await balancer.checkNodes();
    const moved = recorder.events.filter((e): e is ClientMovedEvent => e.type === 'client-moved');
    expect(moved).toEqual([expect.objectContaining({ client: 'c1', from: 'n1', cause: 'failover' })]);
    expect(await clients[1]!.waitConnected(5000)).toBe(true);
    expect(connectsOf(recorder.events, 'c1').at(-1)?.node).toBe(moved[0]!.to);
    await chat(recorder, clients, 1, 'without n1');
    expect(exits).toEqual([]);

    // Restarting the whole target starts only the node that is down.
    await target.process.restart();
    expect(target.process.isRunning()).toBe(true);
    expect([n0!.process!.pid(), n2!.process!.pid()]).toEqual(before);

    process.kill(n2!.process!.pid()!, 'SIGKILL');
    expect(await waitFor(() => exits[0], 5000, 10)).toMatchObject({ node: 'n2', signal: 'SIGKILL' });
  }, 60_000);

  it('stop leaves no process, no proxy and no Redis key under its prefix behind', async () => {
    const target = await started(3, 'redis');
    const { clients, recorder } = await balanced(target, 2);
    await chat(recorder, clients, 1, 'keys');
    const pids = target.nodes!.map((n) => n.process!.pid()!);
    const proxyNames = [...target.adapter!.proxies!().entries, ...(target.database.kind === 'postgres' ? target.database.proxy().entries : [])].map((e) => e.name);
    expect(proxyNames).toHaveLength(6);
    // The adapters keep few keys of their own (Pub/Sub none; Streams its stream and recovery sessions): two stand in for them.
    const prefix = target.adapterPrefix!;
    expect(prefix).toMatch(new RegExp(`^siochaos:${process.pid}-[0-9a-f]+:\\d+:$`));
    const redis = new Redis(process.env.REDIS_URL!);
    cleanups.push(() => redis.disconnect());
    await redis.set(`${prefix}stream`, 'x');
    await redis.set(`${prefix}session:abc`, 'y');
    await redis.set('siochaos:someone-else:1:stream', 'z');
    cleanups.push(() => redis.del('siochaos:someone-else:1:stream'));
    await target.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    const { body } = await toxiproxyCall<Record<string, unknown>>(toxiproxy.url, 'GET', '/proxies', { timeoutMs: 5000 });
    expect(Object.keys(body ?? {}).filter((name) => proxyNames.includes(name))).toEqual([]);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    expect(await redis.get('siochaos:someone-else:1:stream')).toBe('z');
    await target.stop(); // idempotent
  }, 60_000);
});

describe('a multi-node start aborted (Ctrl-C)', () => {
  it('ends at its next step: rejects with the reason, starts no further node, and leaves no process or proxy', async () => {
    const dataDir = await mkdtemp(path.join(workDir, 'target-'));
    const target = referenceServerTarget({ dataDir, nodes: 3, adapter: 'redis', toxiproxyUrl: toxiproxy.url });
    cleanups.push(() => target.stop());
    const controller = new AbortController();
    const starting = target.start({ signal: controller.signal }).catch((err: unknown) => err);
    // Abort once n0 runs: n1 and n2 are still to start.
    const seen = { pids: new Set<number>(), proxies: [] as string[] };
    const n0 = await waitFor(
      () => {
        for (const node of target.nodes!) {
          const pid = node.process!.pid();
          if (pid) seen.pids.add(pid);
        }
        if (seen.proxies.length === 0) {
          try {
            seen.proxies = target.adapter!.proxies!().entries.map((e) => e.name);
          } catch {
            // not made yet
          }
        }
        return target.nodes![0]!.process!.pid();
      },
      20_000,
      2,
    );
    expect(n0, 'n0 started').toBeGreaterThan(0);
    controller.abort(new Error('interrupted by the test'));
    const error = (await starting) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('interrupted by the test');
    for (const node of target.nodes!) {
      const pid = node.process!.pid();
      if (pid) seen.pids.add(pid);
    }
    expect(seen.pids.size, 'only n0 (and n1, if it was already starting) ran').toBeLessThanOrEqual(2);
    expect([...seen.pids].filter(isAlive)).toEqual([]);
    expect(seen.proxies).toHaveLength(3);
    const { body } = await toxiproxyCall<Record<string, unknown>>(toxiproxy.url, 'GET', '/proxies', { timeoutMs: 5000 });
    expect(Object.keys(body ?? {}).filter((name) => seen.proxies.includes(name))).toEqual([]);
  }, 60_000);
});

describe('the database of a multi-node target', () => {
  it('each node has a database proxy of its own (n1 cut alone still lets n0 store); db-down cuts every node', async () => {
    const target = await started(2, 'postgres');
    const { recorder, clients, balancer } = await balanced(target, 2);
    const pool = target.database.kind === 'postgres' ? target.database.proxy() : undefined;
    expect(pool?.size).toBe(2);
    const acked = (msg: string, ms: number) => waitFor(() => (recorder.events.some((e) => e.type === 'ok' && e.msg === msg) ? true : undefined), ms, 20);

    await pool!.setEnabled(1, false);
    const onN0 = clients[0]!.send('n0 still has its database');
    const onN1 = clients[1]!.send('n1 has none');
    expect(await acked(onN0, 5000)).toBe(true);
    expect(await acked(onN1, 1500)).toBeUndefined();
    await pool!.setEnabled(1, true);
    expect(await acked(onN1, 10_000)).toBe(true);

    const context = { proxies: balancer.proxies, target, clients, balancer };
    const down = await faults['db-down'].inject(context, {}, []);
    const a = clients[0]!.send('a while down');
    const b = clients[1]!.send('b while down');
    expect(await acked(a, 1500)).toBeUndefined();
    expect(await acked(b, 10)).toBeUndefined();
    await down.heal();
    expect(await acked(a, 10_000)).toBe(true);
    expect(await acked(b, 10_000)).toBe(true);
    expect((await target.readStore()).map((r) => r.content).sort()).toEqual(['a while down', 'b while down', 'n0 still has its database', 'n1 has none']);
  }, 60_000);
});

/** A scenario's setup against this file's Toxiproxy, queued-retry clients over websocket unless `overrides` says otherwise. */
function scenarioSetup(overrides: Partial<ScenarioSetup> & Pick<ScenarioSetup, 'makeTarget' | 'clients'>): ScenarioSetup {
  return {
    toxiproxyUrl: toxiproxy.url,
    strategy: strategies['queued-retry'],
    strategyOptions: { ackTimeoutMs: 1000, retries: Infinity },
    protocol: tutorialProtocol,
    transport: 'websocket',
    workDir,
    finalPhase: DEFAULT_FINAL_PHASE,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('a scenario against 3 nodes', () => {
  it('the correct reference server is valid through a move and a node crash (redis-streams, clients spread)', async () => {
    const result = await runScenario(
      scenarioSetup({ makeTarget: (dataDir) => referenceServerTarget({ dataDir, nodes: 3, adapter: 'redis-streams', toxiproxyUrl: toxiproxy.url }), clients: 3 }),
      async (world) => {
        const [c0, c1, c2] = world.clients;
        c0!.send('one');
        c1!.send('two');
        await world.balancer!.move(2, 'n0', 'command');
        c2!.send('three');
        const crash = await world.injector.inject(faults['node-crash'], { node: 1 }, []);
        c1!.send('four');
        c0!.send('five');
        await new Promise((r) => setTimeout(r, 500));
        await world.injector.heal(crash);
        c2!.send('six');
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.check.anomalies).toEqual([]);
    expect(result.verdict).toBe('valid');
    const moved = result.history.filter((e): e is ClientMovedEvent => e.type === 'client-moved');
    expect(moved.map((e) => [e.client, e.cause])).toEqual([
      ['c2', 'command'],
      ['c1', 'failover'],
    ]);
    expect(result.figures.nodes && Object.keys(result.figures.nodes)).toEqual(['n0', 'n1', 'n2']);
    expect(result.figures.nodes?.n1?.connections).toBe(1);
    expect(Object.values(result.figures.nodes ?? {}).reduce((sum, n) => sum + n.handled, 0)).toBe(6);
  }, 90_000);
  it('roaming: each reconnect goes to another node, and the correct server stays valid', async () => {
    const result = await runScenario(
      scenarioSetup({ makeTarget: (dataDir) => referenceServerTarget({ dataDir, nodes: 3, adapter: 'redis', toxiproxyUrl: toxiproxy.url }), clients: 2, balancer: 'roaming' }),
      async (world) => {
        world.clients[0]!.send('before');
        expect(await world.clients[0]!.drain(5000)).toBe(true);
        // Both clients' connections cut: each reconnect goes elsewhere.
        const cut = await world.injector.inject(faults.down, {}, [0, 1]);
        world.clients[1]!.send('while cut');
        await new Promise((r) => setTimeout(r, 300));
        await world.injector.heal(cut);
        expect(await world.clients[0]!.waitConnected(5000)).toBe(true);
        world.clients[0]!.send('after');
      },
    );
    expect(result.check.anomalies).toEqual([]);
    expect(result.verdict).toBe('valid');
    const moved = result.history.filter((e): e is ClientMovedEvent => e.type === 'client-moved');
    expect(moved.map((e) => [e.client, e.from, e.to, e.cause])).toEqual(
      expect.arrayContaining([
        ['c0', 'n0', 'n1', 'roaming'],
        ['c1', 'n1', 'n2', 'roaming'],
      ]),
    );
    for (const client of ['c0', 'c1']) {
      const nodes = connectsOf(result.history, client).map((e) => e.node);
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      // No two connections in a row on the same node.
      nodes.slice(1).forEach((node, i) => expect(node).not.toBe(nodes[i]));
    }
  }, 90_000);

  it('roaming with polling clients is refused before anything starts (polling needs sticky sessions)', async () => {
    let made = 0;
    const run = runScenario(
      scenarioSetup({ makeTarget: (dataDir) => (made++, referenceServerTarget({ dataDir, nodes: 2, adapter: 'redis', toxiproxyUrl: toxiproxy.url })), clients: 1, transport: 'polling', balancer: 'roaming' }),
      async () => undefined,
    );
    await expect(run).rejects.toThrow(/^balancer roaming needs transport websocket: polling .* needs sticky sessions/);
    expect(made).toBe(0);
  }, 60_000);
});
