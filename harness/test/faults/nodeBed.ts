import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { strategies } from '../../src/clients/strategies/registry.js';
import type { FaultContext } from '../../src/faults/Fault.js';
import { FaultInjector } from '../../src/faults/FaultInjector.js';
import { ensureRunning } from '../../src/faults/process/exclusive.js';
import type { ConnectEvent, HistoryEvent, ReceiveEvent } from '../../src/history/events.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { waitFor } from '../../src/net/waitFor.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { provideRedis, type RedisServer } from '../../src/provision/redis.js';
import { LoadBalancer } from '../../src/target/LoadBalancer.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';
import type { ReferenceAdapter, ReferenceNodesTarget } from '../../src/target/referenceNodes.js';
import { FaultBed } from './fixtures.js';

/** How a test's multi-node world is made. */
export interface NodeWorldOptions {
  nodes?: number;
  adapter?: ReferenceAdapter;
  /** Planted server bugs (reference-server/src/bugs.ts). */
  bugs?: string[];
  /** Clients: client i starts on node i % nodes (default one per node). */
  clients?: number;
}

/** A started multi-node reference target behind the load balancer, with connected clients and an injector. */
export interface NodeWorld {
  readonly target: ReferenceNodesTarget;
  readonly balancer: LoadBalancer;
  readonly clients: ChaosClient[];
  readonly recorder: HistoryRecorder;
  readonly injector: FaultInjector;
  readonly context: FaultContext;
}

/**
 * The real processes of a multi-node fault test file: one Toxiproxy and one
 * Redis for the file (start them in beforeAll), a world per test, made as
 * `runScenario` makes one for a target with nodes; `cleanup()` (afterEach)
 * undoes everything, also after a failure.
 *
 * @example
 * const bed = new NodeBed();
 * beforeAll(() => bed.start());
 * afterEach(() => bed.cleanup());
 * afterAll(() => bed.stop());
 * const world = await bed.world({ nodes: 3, adapter: 'redis' });
 */
export class NodeBed {
  readonly faults = new FaultBed();
  private redis: RedisServer | undefined;

  async start(): Promise<void> {
    await this.faults.startToxiproxy();
    this.redis = await provideRedis();
  }

  async stop(): Promise<void> {
    await this.redis?.stop();
    await this.faults.stopToxiproxy();
  }

  cleanup(): Promise<void> {
    return this.faults.cleanup();
  }

  async world(options: NodeWorldOptions = {}): Promise<NodeWorld> {
    const redis = this.redis;
    if (!redis) throw new Error('start the bed first: call bed.start() in beforeAll');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-node-faults-'));
    this.faults.defer(() => rm(dataDir, { recursive: true, force: true }));
    const target = referenceServerTarget({
      dataDir,
      toxiproxyUrl: this.faults.toxiproxyUrl,
      nodes: options.nodes ?? 3,
      adapter: options.adapter ?? 'redis',
      bugs: options.bugs ?? [],
      redis: async () => redis,
    }) as ReferenceNodesTarget;
    this.faults.defer(() => target.stop());
    await target.start();
    const recorder = new HistoryRecorder();
    const count = options.clients ?? target.nodes.length;
    const balancer = await LoadBalancer.start({ toxiproxyUrl: this.faults.toxiproxyUrl, nodes: target.nodes, clients: count, recorder });
    const names = Array.from({ length: count }, (_, i) => `c${i}`);
    balancer.nameClients(names);
    this.faults.defer(() => balancer.proxies.destroy());
    this.faults.defer(() => balancer.close());
    const clients = balancer.proxies.entries.map(
      (entry, index) =>
        new ChaosClient({
          name: names[index]!,
          url: `http://${entry.listen}`,
          strategy: strategies['queued-retry']({ ackTimeoutMs: 1000, retries: Infinity }),
          protocol: tutorialProtocol,
          recorder,
          transport: 'websocket',
          reconnectDelayMs: [100, 300],
          routing: balancer,
        }),
    );
    this.faults.defer(() => clients.forEach((c) => c.close()));
    for (const client of clients) client.connect();
    const connected = await Promise.all(clients.map((c) => c.waitConnected(10_000)));
    if (connected.includes(false)) throw new Error('the test clients did not connect to the nodes within 10 s');
    const context: FaultContext = { proxies: balancer.proxies, target, clients, balancer };
    const injector = new FaultInjector(context, recorder, names);
    this.faults.defer(() => injector.healAll().catch(() => undefined));
    return { target, balancer, clients, recorder, injector, context };
  }
}

/** The events of `type` of one client, in order. */
export function clientEvents<T extends 'connect' | 'receive' | 'client-moved'>(
  history: readonly HistoryEvent[],
  type: T,
  client: string,
): Extract<HistoryEvent, { type: T }>[] {
  return history.filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type && 'client' in e && e.client === client);
}

/** The node of each connect of `client`, in order. */
export function connectNodes(history: readonly HistoryEvent[], client: string): (string | undefined)[] {
  return clientEvents(history, 'connect', client).map((e: ConnectEvent) => e.node);
}

/** Waits until `client` received a broadcast of `content`; the event, or undefined after `timeoutMs`. */
export function waitForReceive(recorder: HistoryRecorder, client: string, content: string, timeoutMs: number): Promise<ReceiveEvent | undefined> {
  return waitFor(() => clientEvents(recorder.events, 'receive', client).find((e) => e.content === content), timeoutMs, 20);
}

/** Whether `client` received a broadcast of `content` so far. */
export function received(recorder: HistoryRecorder, client: string, content: string): boolean {
  return clientEvents(recorder.events, 'receive', client).some((e) => e.content === content);
}

/**
 * Puts a world that a file's tests share back as {@link NodeBed.world} made
 * it, after a test: its faults healed, every node running, client i back on
 * node i % N and connected there. Tests of a shared world read the events
 * since their start ({@link NodeWorld}'s recorder keeps the file's).
 *
 * @throws Error when the clients are not back on their nodes within 15 s.
 * @example
 * afterEach(() => restoreWorld(world));
 */
export async function restoreWorld(w: NodeWorld): Promise<void> {
  await w.injector.healAll();
  await Promise.all(w.target.nodes.map((node) => ensureRunning(node.process)));
  await w.balancer.checkNodes();
  const home = (i: number): string => w.target.nodes[i % w.target.nodes.length]!.name;
  for (const i of w.clients.keys()) if (w.balancer.nodeOf(i) !== home(i)) await w.balancer.move(i, home(i), 'command');
  const back = await waitFor(
    () => (w.clients.every((client, i) => client.connected && connectNodes(w.recorder.events, client.name).at(-1) === home(i)) ? true : undefined),
    15_000,
    20,
  );
  if (!back) throw new Error('the shared world\'s clients did not come back to their nodes within 15 s');
}
