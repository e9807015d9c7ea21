import { afterEach, describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { strategies } from '../../src/clients/strategies/registry.js';
import { finalPhase } from '../../src/core/finalPhase.js';
import { LEGACY_SCENARIO_SETUP_ENV } from '../../src/util/legacySetup.js';
import { PhaseClock } from '../../src/core/phaseClock.js';
import { FaultInjector } from '../../src/faults/FaultInjector.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { waitFor } from '../../src/net/waitFor.js';
import type { Protocol } from '../../src/protocol/Protocol.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import type { StoredRow, Target } from '../../src/target/Target.js';
import type { ProxyPool } from '../../src/toxiproxy/ProxyPool.js';
import { startScriptedChat, type ScriptedChatServer } from '../fixtures/scriptedChatServer.js';
import { ScriptedClient } from '../fixtures/scriptedClient.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The tutorial protocol, with the client's name in its handshake so the server can tell its reconnects apart. */
function namedProtocol(client: string): Protocol {
  return { ...tutorialProtocol, auth: (lastOffset) => ({ ...tutorialProtocol.auth(lastOffset), client }) };
}

/** Two clients connected straight to `server` (no proxy: the server itself misbehaves), and a world around them. */
async function worldOn(
  server: ScriptedChatServer,
  shared: { msgPrefix: string; otherRows: () => StoredRow[] } | undefined = undefined,
  reconnectDelayMs: [number, number] = [50, 100],
) {
  const recorder = new HistoryRecorder();
  const clients = ['c0', 'c1'].map(
    (name) =>
      new ChaosClient({
        name,
        url: server.url,
        strategy: strategies['queued-retry']({ ackTimeoutMs: 500, retries: Infinity }),
        protocol: namedProtocol(name),
        recorder,
        reconnectDelayMs,
        ...(shared ? { msgPrefix: shared.msgPrefix } : {}),
      }),
  );
  cleanups.push(() => clients.forEach((c) => c.close()));
  for (const c of clients) c.connect();
  expect(await Promise.all(clients.map((c) => c.waitConnected(5000)))).toEqual([true, true]);
  const target: Target = {
    name: 'scripted',
    start: async () => ({ host: '127.0.0.1', port: 0 }),
    readStore: async () => [...server.rows(), ...(shared?.otherRows() ?? [])],
    stop: async () => undefined,
  };
  // No fault is injected, so healing touches no proxy.
  const proxies = { healAll: async () => undefined } as unknown as ProxyPool;
  const injector = new FaultInjector({ proxies, target, clients }, recorder, clients.map((c) => c.name));
  return { world: { clients, injector, recorder, target, signal: new AbortController().signal }, clients, recorder };
}

/** Waited out in full when reconnects are refused, so short; a client let back in ends the wait as soon as it is back. */
const REFUSED_BOUNDS = { connectMs: 1500, drainMs: 2000, catchUpMs: 1000, quietMs: 100 };
const BOUNDS = { connectMs: 10_000, drainMs: 10_000, catchUpMs: 5000, quietMs: 100 };

it('a target that refuses every reconnect does not come out valid: each client left out is a not-reconnected event', async () => {
  const server = await startScriptedChat({ refuseReconnects: true });
  cleanups.push(() => server.close());
  const { world, clients, recorder } = await worldOn(server);
  for (const c of clients) c.send(`hello from ${c.name}`);
  expect(await waitFor(() => (server.rows().length === 2 ? true : undefined), 10_000, 20)).toBe(true);
  server.dropConnections();
  expect(await waitFor(() => (server.refusedConnections >= 2 ? true : undefined), 10_000, 20)).toBe(true);

  await finalPhase(world, REFUSED_BOUNDS);

  const missing = recorder.events.filter((e) => e.type === 'not-reconnected');
  expect(missing.map((e) => e.type === 'not-reconnected' && [e.client, e.waitedMs])).toEqual([
    ['c0', 1500],
    ['c1', 1500],
  ]);
  const check = checkHistory(recorder.events);
  expect(check.anomalies).toEqual([]);
  expect(check.verdict).toBe('unknown');
  expect(check.notes).toContain('receive: 2 clients did not reconnect in the final phase, so what they missed cannot be judged: c0, c1');
});

it('a target that lets clients back in is judged as usual, with no not-reconnected event', async () => {
  const server = await startScriptedChat();
  cleanups.push(() => server.close());
  const { world, clients, recorder } = await worldOn(server);
  for (const c of clients) c.send(`hello from ${c.name}`);
  expect(await waitFor(() => (server.rows().length === 2 ? true : undefined), 10_000, 20)).toBe(true);
  server.dropConnections();

  await finalPhase(world, BOUNDS);

  expect(recorder.events.some((e) => e.type === 'not-reconnected')).toBe(false);
  const check = checkHistory(recorder.events);
  expect(check.anomalies).toEqual([]);
  expect(check.verdict).toBe('valid');
  expect(check.counts.judgedClients).toBe(2);
});

describe('after the heal', () => {
  /** Two clients that lost their connection and wait out a 20 s reconnection delay, each message stored and acked. */
  async function waitingOutTheirDelay() {
    const server = await startScriptedChat();
    cleanups.push(() => server.close());
    const { world, clients, recorder } = await worldOn(server, undefined, [20_000, 20_000]);
    for (const c of clients) c.send(`hello from ${c.name}`);
    expect(await waitFor(() => (server.rows().length === 2 ? true : undefined), 10_000, 20)).toBe(true);
    expect(await Promise.all(clients.map((c) => c.drain(5000)))).toEqual([true, true]);
    server.dropConnections();
    expect(await Promise.all(clients.map((c) => c.waitDisconnected(5000)))).toEqual([true, true]);
    return { world, clients, recorder };
  }
  const SHORT_CONNECT = { ...BOUNDS, connectMs: 1500 };

  it('a client waiting out its reconnection delay tries again at once: both are back and judged, long before the 20 s delay ends', async () => {
    const { world, recorder } = await waitingOutTheirDelay();
    await finalPhase(world, SHORT_CONNECT);
    expect(recorder.events.some((e) => e.type === 'not-reconnected')).toBe(false);
    expect(recorder.events.filter((e) => e.type === 'connect').length).toBe(4);
    const check = checkHistory(recorder.events);
    expect(check.verdict).toBe('valid');
    expect(check.counts.judgedClients).toBe(2);
  });

  it('the legacy final phase (SIOCHAOS_LEGACY_SCENARIO_SETUP=1) leaves the delay alone: neither client is back within connectMs', async () => {
    const { world, recorder } = await waitingOutTheirDelay();
    process.env[LEGACY_SCENARIO_SETUP_ENV] = '1';
    cleanups.push(() => delete process.env[LEGACY_SCENARIO_SETUP_ENV]);
    await finalPhase(world, SHORT_CONNECT);
    expect(recorder.events.filter((e) => e.type === 'not-reconnected').map((e) => e.type === 'not-reconnected' && e.client)).toEqual(['c0', 'c1']);
  });

  it('a client disconnected on purpose stays away: reconnectNow does not bring it back', async () => {
    const server = await startScriptedChat();
    cleanups.push(() => server.close());
    const { clients } = await worldOn(server, undefined, [50, 50]);
    const [c0] = clients as [ChaosClient, ChaosClient];
    c0.disconnect();
    c0.reconnectNow();
    expect(await c0.waitConnected(500)).toBe(false);
    c0.reconnect();
    expect(await c0.waitConnected(5000)).toBe(true);
  });
});

it('in a shared store, a row stored for a probe without a client offset is the scenario\'s own (its content carries the prefix) and is judged bad-row-stored', async () => {
  const server = await startScriptedChat();
  cleanups.push(() => server.close());
  const prefix = 's1.abc123.4.';
  // The scripted server refuses a payload with no client offset; the rows below are what a server that stores it keeps.
  let probeContent = '';
  const otherRows = () => [
    { offset: 100, msg: null, content: probeContent },
    // Another scenario's probe row in the same store: not this scenario's.
    { offset: 101, msg: null, content: 's1.abc123.5.siochaos probe c0#1' },
  ];
  const { world, clients, recorder } = await worldOn(server, { msgPrefix: prefix, otherRows });
  clients[0]!.send('hello');
  clients[0]!.probe('missing-offset');
  const probe = recorder.events.find((e) => e.type === 'probe');
  expect(probe?.type === 'probe' && probe.content).toBe(`${prefix}siochaos probe c0#1`);
  probeContent = `${prefix}siochaos probe c0#1`;
  expect(await waitFor(() => (server.rows().length === 1 ? true : undefined), 10_000, 20)).toBe(true);

  await finalPhase(world, BOUNDS, prefix);

  const read = recorder.events.filter((e) => e.type === 'final-read').map((e) => e.type === 'final-read' && e.offset);
  expect(read).toEqual([1, 100]);
  const check = checkHistory(recorder.events);
  expect(check.anomalies.map((a) => [a.kind, a.offsets])).toEqual([['bad-row-stored', [100]]]);
});

describe('the catch-up', () => {
  const QUIET = { ...BOUNDS, quietMs: 1000 };

  it('ends one quiet window after every client caught up: well under its bound, and a window shorter than the two the legacy final phase waited', async () => {
    const server = await startScriptedChat();
    cleanups.push(() => server.close());
    const { world, clients } = await worldOn(server);
    for (const c of clients) c.send(`hello from ${c.name}`);
    const clock = new PhaseClock();
    await finalPhase(world, QUIET, undefined, clock);
    expect(clock.phases.catchUp).toBeGreaterThanOrEqual(QUIET.quietMs - 5);
    expect(clock.phases.catchUp).toBeLessThan(2 * QUIET.quietMs);
    expect(clock.phases.catchUp).toBeLessThan(QUIET.catchUpMs / 2);
  });

  it('the legacy final phase (SIOCHAOS_LEGACY_SCENARIO_SETUP=1) waits two quiet windows', async () => {
    const server = await startScriptedChat();
    cleanups.push(() => server.close());
    const { world, clients } = await worldOn(server);
    for (const c of clients) c.send(`hello from ${c.name}`);
    const clock = new PhaseClock();
    process.env[LEGACY_SCENARIO_SETUP_ENV] = '1';
    cleanups.push(() => delete process.env[LEGACY_SCENARIO_SETUP_ENV]);
    await finalPhase(world, QUIET, undefined, clock);
    expect(clock.phases.catchUp).toBeGreaterThanOrEqual(2 * QUIET.quietMs - 5);
  });

  it('a client whose connection drops in the quiet window is waited for: it is back and caught up when the store is read', async () => {
    const server = await startScriptedChat();
    cleanups.push(() => server.close());
    let inFinalPhase = false;
    // Connections dropped as the first quiet window opens (at its store read) come back only well after it closes.
    const dropAtFirstRead = () => {
      if (inFinalPhase) server.dropConnections();
      inFinalPhase = false;
      return [];
    };
    const { world, clients, recorder } = await worldOn(server, { msgPrefix: '', otherRows: dropAtFirstRead }, [1500, 1500]);
    for (const c of clients) c.send(`hello from ${c.name}`);
    expect(await waitFor(() => (server.rows().length === 2 ? true : undefined), 10_000, 20)).toBe(true);
    inFinalPhase = true;
    await finalPhase(world, { ...BOUNDS, quietMs: 600 }, undefined);
    const sealed = [...recorder.events];
    const lastIndex = (pick: (e: (typeof sealed)[number]) => boolean): number => sealed.map(pick).lastIndexOf(true);
    const lastDisconnect = lastIndex((e) => e.type === 'disconnect');
    expect(lastDisconnect).toBeGreaterThan(sealed.findIndex((e) => e.type === 'final-phase'));
    for (const c of clients) expect(lastIndex((e) => e.type === 'connect' && e.client === c.name)).toBeGreaterThan(lastDisconnect);
    expect(checkHistory(sealed).verdict).toBe('valid');
  });

  it('a row stored during the quiet window starts it again, and is read', async () => {
    const server = await startScriptedChat();
    cleanups.push(() => server.close());
    let late: StoredRow[] = [];
    const { world, clients, recorder } = await worldOn(server, { msgPrefix: '', otherRows: () => late });
    clients[0]!.send('hello');
    expect(await waitFor(() => (server.rows().length === 1 ? true : undefined), 10_000, 20)).toBe(true);
    const clock = new PhaseClock();
    const phase = finalPhase(world, { ...BOUNDS, catchUpMs: 1500, quietMs: 600 }, undefined, clock);
    // Stored while the first window is open (after the drain, which has nothing left to wait for).
    setTimeout(() => (late = [{ offset: 50, msg: 'c1-9', content: 'late' }]), 300);
    await phase;
    const read = recorder.events.filter((e) => e.type === 'final-read').map((e) => e.type === 'final-read' && e.offset);
    expect(read).toEqual([1, 50]);
    expect(clock.phases.catchUp).toBeGreaterThanOrEqual(2 * 600 - 5);
  });

  /** A world of scripted clients (the test says when each connects and receives) around a store read by `readStore`. */
  function scriptedWorld(names: string[], readStore: () => StoredRow[]) {
    const recorder = new HistoryRecorder();
    const clients = names.map((name) => new ScriptedClient(name, recorder));
    const target: Target = { name: 'scripted', start: async () => ({ host: '127.0.0.1', port: 0 }), readStore: async () => readStore(), stop: async () => undefined };
    const proxies = { healAll: async () => undefined } as unknown as ProxyPool;
    const injector = new FaultInjector({ proxies, target, clients }, recorder, names);
    return { world: { clients, injector, recorder, target, signal: new AbortController().signal }, clients, recorder };
  }

  const missedOf = (events: HistoryRecorder['events']): string[] =>
    checkHistory(events).anomalies.filter((a) => a.kind === 'missed').map((a) => a.description);

  it('a client back after connectMs, while the drain still runs, is caught up before the store is read: its rows on their way are not missed', async () => {
    const row: StoredRow = { offset: 1, msg: 'c0-1', content: 'hi' };
    const { world, clients, recorder } = scriptedWorld(['c0', 'c1'], () => [row]);
    const [c0, c1] = clients as [ScriptedClient, ScriptedClient];
    c0.connectNow();
    c0.receive(1, 'hi');
    c1.connectNow();
    c1.dropNow();
    // c1 is back at 150 ms, after connectMs (100), while its drain runs until 300 ms; the row reaches it 250 ms after it is back.
    c1.drainDoneAt = Date.now() + 300;
    const back = setTimeout(() => {
      c1.connectNow();
      timers.push(setTimeout(() => c1.receive(1, 'hi'), 250));
    }, 150);
    const timers = [back];
    cleanups.push(() => timers.forEach(clearTimeout));

    await finalPhase(world, { connectMs: 100, drainMs: 5000, catchUpMs: 5000, quietMs: 50 });

    expect(recorder.events.some((e) => e.type === 'not-reconnected' && e.client === 'c1')).toBe(true);
    expect(c1.waitedFor).toContain(1);
    expect(missedOf(recorder.events)).toEqual([]);
    expect(checkHistory(recorder.events).counts.judgedClients).toBe(2);
  });

  it('clients that lost their connection in the quiet window are not waited for once the target has died: the final phase ends long before connectMs', async () => {
    const row: StoredRow = { offset: 1, msg: 'c0-1', content: 'hi' };
    let running = true;
    let reads = 0;
    const { world, clients, recorder } = scriptedWorld(['c0', 'c1'], () => {
      // The target dies (a crash of its own) as the first quiet window opens, and its clients lose their connections.
      if (++reads === 1) {
        running = false;
        for (const c of clients as ScriptedClient[]) c.dropNow();
      }
      return [row];
    });
    const process = { pid: () => undefined, isRunning: () => running, signal: () => undefined, crash: async () => undefined, terminate: async () => undefined, restart: async () => undefined };
    const dying = { ...world, target: { ...world.target, process } };
    for (const c of clients as ScriptedClient[]) {
      c.connectNow();
      c.receive(1, 'hi');
    }
    const at = Date.now();
    await finalPhase(dying, { connectMs: 10_000, drainMs: 5000, catchUpMs: 5000, quietMs: 50 });
    expect(Date.now() - at).toBeLessThan(5000);
    expect(recorder.events.filter((e) => e.type === 'final-read')).toHaveLength(1);
  });

  it('rows still arriving when the quiet deadline passes: every client connected is given time to receive the newest row read, none is missed', async () => {
    const rows: StoredRow[] = [];
    const { world, clients, recorder } = scriptedWorld(['c0', 'c1'], () => [...rows]);
    for (const c of clients) c.connectNow();
    // A row stored every 40 ms, each broadcast to both clients 120 ms later: the store never goes quiet.
    const timers: NodeJS.Timeout[] = [];
    const store = setInterval(() => {
      const row = { offset: rows.length + 1, msg: `c0-${rows.length + 1}`, content: `m${rows.length + 1}` };
      rows.push(row);
      timers.push(setTimeout(() => clients.forEach((c) => c.receive(row.offset, row.content)), 120));
    }, 40);
    cleanups.push(() => {
      clearInterval(store);
      timers.forEach(clearTimeout);
    });

    await finalPhase(world, { connectMs: 1000, drainMs: 1000, catchUpMs: 400, quietMs: 60 });

    const read = recorder.events.filter((e) => e.type === 'final-read');
    expect(read.length).toBeGreaterThan(0);
    // The store was still changing when it was read.
    expect(await waitFor(() => (rows.length > read.length ? true : undefined), 1000, 10)).toBe(true);
    expect(missedOf(recorder.events)).toEqual([]);
    expect(checkHistory(recorder.events).counts.judgedClients).toBe(2);
  });
});
