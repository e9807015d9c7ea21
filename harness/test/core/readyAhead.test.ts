/**
 * A target readied ahead (readyAhead): its clients' proxies taken from the
 * stock and pointed at it, and a first connection made, while the scenario
 * before it runs; a scenario given it uses those proxies and makes none.
 * Real reference server, real Toxiproxy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { strategies } from '../../src/clients/strategies/registry.js';
import { warmUpConnection } from '../../src/clients/warmUpConnection.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { readyAhead, releaseReadied } from '../../src/core/readyAhead.js';
import { runScenario, type ScenarioSetup } from '../../src/core/runScenario.js';
import { ScenarioResources } from '../../src/core/scenarioResources.js';
import { startScenarioTarget, type StartedTarget } from '../../src/core/scenarioTarget.js';
import { freePort } from '../../src/net/freePort.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';
import { ProxyStock } from '../../src/toxiproxy/ProxyStock.js';

let workDir: string;
let toxiproxy: ToxiproxyServer;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-ready-'));
  toxiproxy = await provideToxiproxy();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
});

const AUTH = tutorialProtocol.auth(0);
const start = (): Promise<StartedTarget> => startScenarioTarget(workDir, (dataDir) => referenceServerTarget({ dataDir }));

/** The names of the proxies Toxiproxy has, and where each points. */
async function proxiesNow(): Promise<Record<string, { upstream: string; enabled: boolean }>> {
  return (await (await fetch(`${toxiproxy.url}/proxies`)).json()) as Record<string, { upstream: string; enabled: boolean }>;
}

/** Whether a socket.io client connects to `url` within 5 s. */
async function connects(url: string): Promise<boolean> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: AUTH });
  try {
    return await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
      setTimeout(() => resolve(false), 5000);
    });
  } finally {
    socket.disconnect();
  }
}

/** A two-client scenario on `readied`, with the stock of `resources`. */
function scenarioOn(readied: StartedTarget, resources: ScenarioResources, strategy: ScenarioSetup['strategy'] = strategies['queued-retry']): ScenarioSetup {
  return {
    toxiproxyUrl: toxiproxy.url,
    makeTarget: (dataDir) => referenceServerTarget({ dataDir }),
    takeTarget: async () => readied,
    clients: 2,
    strategy,
    strategyOptions: { ackTimeoutMs: 1000, retries: Infinity },
    protocol: tutorialProtocol,
    transport: 'websocket',
    workDir,
    finalPhase: DEFAULT_FINAL_PHASE,
    signal: new AbortController().signal,
    resources,
  };
}

describe('readyAhead', () => {
  it('takes the clients\' proxies pointed at the target, through which a client connects; releaseReadied parks them and stops the target', async () => {
    const stock = new ProxyStock(toxiproxy.url);
    cleanups.push(() => stock.close());
    const started = await start();
    const readied = await readyAhead(started, { stock, clients: 2, auth: AUTH, warmUpMs: 5000 });
    const pool = readied.proxies!;
    expect(pool.entries).toHaveLength(2);
    const now = await proxiesNow();
    for (const entry of pool.entries) expect(now[entry.name]).toMatchObject({ upstream: `${started.address.host}:${started.address.port}`, enabled: true });
    for (const entry of pool.entries) expect(await connects(`http://${entry.listen}`)).toBe(true);

    await releaseReadied(readied, stock);
    expect(stock.parked).toBe(1);
    expect((await proxiesNow())[pool.entries[0]!.name]).toMatchObject({ enabled: false });
    expect(await connects(`http://${started.address.host}:${started.address.port}`)).toBe(false);
  }, 30_000);

  it('releases the target when its proxies cannot be taken, and throws', async () => {
    const stock = new ProxyStock(toxiproxy.url);
    await stock.close();
    const started = await start();
    await expect(readyAhead(started, { stock, clients: 2, auth: AUTH, warmUpMs: 5000 })).rejects.toThrow(/after close/);
    expect(await connects(`http://${started.address.host}:${started.address.port}`)).toBe(false);
  }, 30_000);

  it('a scenario given a readied target uses its proxies: Toxiproxy has no more proxies after it than before', async () => {
    const resources = new ScenarioResources(toxiproxy.url);
    cleanups.push(() => resources.close());
    const readied = await readyAhead(await start(), { stock: resources.proxies, clients: 2, auth: AUTH, warmUpMs: 5000 });
    const before = Object.keys(await proxiesNow()).sort();
    const result = await runScenario(scenarioOn(readied, resources), async (world) => {
      world.clients[0]!.send('one');
    });
    expect(result.verdict).toBe('valid');
    expect(result.history.filter((e) => e.type === 'ok')).toHaveLength(1);
    expect(Object.keys(await proxiesNow()).sort()).toEqual(before);
  }, 30_000);

  it('a scenario that fails before it uses the readied proxies hands them back to the stock', async () => {
    const resources = new ScenarioResources(toxiproxy.url);
    cleanups.push(() => resources.close());
    const readied = await readyAhead(await start(), { stock: resources.proxies, clients: 2, auth: AUTH, warmUpMs: 5000 });
    const failing = scenarioOn(readied, resources, () => {
      throw new Error('no such strategy');
    });
    await expect(runScenario(failing, async () => undefined)).rejects.toThrow('no such strategy');
    expect(resources.proxies.parked).toBe(1);
  }, 30_000);
});

describe('warmUpConnection', () => {
  it('connects to a Socket.IO server and leaves; against a port nobody listens on it says false within its bound', async () => {
    const started = await start();
    cleanups.push(() => started.target.stop());
    expect(await warmUpConnection(`http://${started.address.host}:${started.address.port}`, AUTH, 5000)).toBe(true);
    const port = await freePort();
    const at = Date.now();
    expect(await warmUpConnection(`http://127.0.0.1:${port}`, AUTH, 2000)).toBe(false);
    expect(Date.now() - at).toBeLessThan(4000);
  }, 30_000);

  it('gives up at once when the campaign is interrupted, against a target that accepts and never answers', async () => {
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => void held.add(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of held) socket.destroy();
      return new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as net.AddressInfo;
    const interrupt = new AbortController();
    const at = Date.now();
    const warming = warmUpConnection(`http://127.0.0.1:${port}`, AUTH, 20_000, interrupt.signal);
    setTimeout(() => interrupt.abort(), 200);
    expect(await warming).toBe(false);
    expect(Date.now() - at).toBeLessThan(5000);
  }, 30_000);
});
