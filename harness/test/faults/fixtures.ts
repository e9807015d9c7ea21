import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { strategies, type StrategyName } from '../../src/clients/strategies/registry.js';
import type { ReconnectableClient } from '../../src/faults/client/ReconnectableClient.js';
import type { FaultContext } from '../../src/faults/Fault.js';
import { FaultInjector } from '../../src/faults/FaultInjector.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { waitFor } from '../../src/net/waitFor.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { referenceServerTarget, type ReferenceServerOptions, type ReferenceServerTarget } from '../../src/target/referenceServer.js';
import type { StoredRow, TargetAddress } from '../../src/target/Target.js';
import { ProxyPool } from '../../src/toxiproxy/ProxyPool.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';

/** How a test's world is made: target options and the clients' strategy. */
export interface WorldOptions {
  target?: Omit<ReferenceServerOptions, 'dataDir' | 'toxiproxyUrl'>;
  clients?: number;
  strategy?: StrategyName;
  ackTimeoutMs?: number;
  retries?: number;
}

/**
 * One test's real system, wired as `runScenario` wires it (without the
 * final phase): a reference target behind one Toxiproxy proxy per client,
 * connected `ChaosClient`s, and a `FaultInjector` that records into `recorder`.
 */
export interface FaultWorld {
  readonly target: ReferenceServerTarget;
  readonly pool: ProxyPool;
  readonly clients: ChaosClient[];
  readonly recorder: HistoryRecorder;
  readonly injector: FaultInjector;
  readonly context: FaultContext;
  /** The first client. */
  readonly client: ChaosClient;
}

/**
 * The real processes of one test file: one Toxiproxy for the file (start it in
 * beforeAll), a world per test; `cleanup()` (afterEach) heals, closes clients,
 * removes proxies, stops targets and removes temp folders, also after a failure.
 *
 * @example
 * const bed = new FaultBed();
 * beforeAll(() => bed.startToxiproxy());
 * afterEach(() => bed.cleanup());
 * afterAll(() => bed.stopToxiproxy());
 * const world = await bed.world();
 */
export class FaultBed {
  private toxiproxy: ToxiproxyServer | undefined;
  private readonly cleanups: (() => Promise<void>)[] = [];

  async startToxiproxy(): Promise<void> {
    this.toxiproxy = await provideToxiproxy();
  }

  async stopToxiproxy(): Promise<void> {
    await this.toxiproxy?.stop();
  }

  get toxiproxyUrl(): string {
    if (!this.toxiproxy) throw new Error('start Toxiproxy first: call bed.startToxiproxy() in beforeAll');
    return this.toxiproxy.url;
  }

  /** Registers something to undo at cleanup (run newest first). */
  defer(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(async () => cleanup());
  }

  /** A started reference target (without proxies or clients), and where it listens. */
  async target(options: WorldOptions['target'] = {}): Promise<{ target: ReferenceServerTarget; address: TargetAddress }> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-faults-'));
    this.defer(() => rm(dataDir, { recursive: true, force: true }));
    const target = referenceServerTarget({ dataDir, toxiproxyUrl: this.toxiproxyUrl, ...options });
    this.defer(() => target.stop());
    const address = await target.start();
    return { target, address };
  }

  /** A started world: target, proxies, connected clients, injector. */
  async world(options: WorldOptions = {}): Promise<FaultWorld> {
    const { target, address } = await this.target(options.target);
    const pool = await ProxyPool.create(this.toxiproxyUrl, `${address.host}:${address.port}`, options.clients ?? 1);
    this.defer(() => pool.destroy());
    const recorder = new HistoryRecorder();
    const clients = pool.entries.map(
      (entry, index) =>
        new ChaosClient({
          name: `c${index}`,
          url: `http://${entry.listen}`,
          strategy: strategies[options.strategy ?? 'queued-retry']({
            ackTimeoutMs: options.ackTimeoutMs ?? 1000,
            retries: options.retries ?? Infinity,
          }),
          protocol: tutorialProtocol,
          recorder,
          transport: 'websocket',
          reconnectDelayMs: [100, 300],
        }),
    );
    this.defer(() => clients.forEach((c) => c.close()));
    for (const client of clients) client.connect();
    const connected = await Promise.all(clients.map((c) => c.waitConnected(10_000)));
    if (connected.includes(false)) throw new Error('the test clients did not connect within 10 s');
    const context: FaultContext = { proxies: pool, target, clients };
    const injector = new FaultInjector(context, recorder, clients.map((c) => c.name));
    this.defer(() => injector.healAll().catch(() => undefined));
    return { target, pool, clients, recorder, injector, context, client: clients[0]! };
  }

  /** Undoes everything, newest first; never throws. */
  async cleanup(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      await cleanup().catch(() => undefined);
    }
  }
}

/** The events of one type (and one message), in order. */
export function eventsOf<T extends HistoryEvent['type']>(
  recorder: HistoryRecorder,
  type: T,
  msg?: string,
): Extract<HistoryEvent, { type: T }>[] {
  return recorder.events.filter(
    (e): e is Extract<HistoryEvent, { type: T }> => e.type === type && (msg === undefined || ('msg' in e && e.msg === msg)),
  );
}

/** Waits until `msg` has an `ok`; the event, or undefined after `timeoutMs`. */
export function waitForOk(recorder: HistoryRecorder, msg: string, timeoutMs: number) {
  return waitFor(() => eventsOf(recorder, 'ok', msg)[0], timeoutMs, 20);
}

/** Waits until the store has at least `count` rows; the rows, or undefined after `timeoutMs`. */
export function waitForRows(target: { readStore(): Promise<StoredRow[]> }, count: number, timeoutMs: number) {
  return waitFor(async () => {
    const rows = await target.readStore().catch(() => [] as StoredRow[]);
    return rows.length >= count ? rows : undefined;
  }, timeoutMs, 50);
}

/** The client offsets in the store. */
export async function storedMsgs(target: { readStore(): Promise<StoredRow[]> }): Promise<(string | null)[]> {
  return (await target.readStore()).map((row) => row.msg);
}

/** Whether a process with this pid exists. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a ChaosClient able to disconnect on purpose and come back, for
 * `client-reconnect`. A ChaosClient that has `disconnect()`/`reconnect()`
 * itself is returned as it is; until then this stopgap reaches the client's
 * socket from outside (tests only).
 *
 * @example
 * world.clients.forEach(reconnectable);
 */
export function reconnectable(client: ChaosClient): ChaosClient & ReconnectableClient {
  return client;
}
