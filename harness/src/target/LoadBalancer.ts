import createDebug from 'debug';
import type { ClientMovedEvent } from '../history/events.js';
import { BALANCER_MODES } from '../model/config.js';
import type { HistoryRecorder } from '../history/recorder.js';
import { ProxyPool } from '../toxiproxy/ProxyPool.js';
import type { TargetNode } from './Target.js';

const debug = createDebug('siochaos:balancer');

/**
 * How the balancer picks a client's node: `sticky` keeps a client on its node
 * (it moves only when told to, or when its node goes down); `roaming` sends
 * each reconnect of a client to another node (no sticky sessions: fine for
 * websocket, broken for polling).
 *
 * @example
 * const mode: BalancerMode = 'roaming';
 */
export type BalancerMode = (typeof BALANCER_MODES)[number];

export { BALANCER_MODES };

/** Why a client moved (the `cause` of a `client-moved` event). */
export type MoveCause = ClientMovedEvent['cause'];

/** How often the balancer checks which nodes are up (a health check), in ms. */
export const HEALTH_CHECK_MS = 100;

/**
 * Options of {@link LoadBalancer.start}.
 *
 * @example
 * const options: LoadBalancerOptions = { toxiproxyUrl, nodes: target.nodes!, clients: 3, recorder, mode: 'sticky' };
 */
export interface LoadBalancerOptions {
  toxiproxyUrl: string;
  /** The target's nodes, started. */
  nodes: readonly TargetNode[];
  /** How many clients (one proxy each; client i starts on node i % nodes). */
  clients: number;
  /** Where `client-moved` events go. */
  recorder: HistoryRecorder;
  mode?: BalancerMode;
  /** How long each call to Toxiproxy's API may take. */
  callTimeoutMs?: number;
  /** How often nodes are checked (default {@link HEALTH_CHECK_MS}); 0: only when {@link LoadBalancer.checkNodes} is called. */
  healthCheckMs?: number;
}

/** One client as the balancer sees it. */
interface Route {
  /** Index of the node its proxy points at. */
  node: number;
  /** The node its last connection reached (as it said at connect), -1 before its first. */
  connectedTo: number;
  /** The move under way (its proxy being re-pointed), if any. */
  moving: Promise<void> | undefined;
}

/**
 * The load balancer in front of a multi-node target: one Toxiproxy proxy per
 * client (the clients' pool, which network faults act on), each pointing at
 * one node. Client i starts on node i % N. A move re-points the client's
 * proxy, which drops its connections (Toxiproxy restarts a proxy whose
 * upstream changes); the client reconnects, to its new node. Every move is
 * recorded as a `client-moved` event.
 *
 * - `move(client, node, cause)`: a move command (or a fault) sends a client elsewhere.
 * - failover: a health check (every {@link HEALTH_CHECK_MS} ms, or
 *   {@link checkNodes} at once) moves the clients of a node that is down
 *   (its process not running) to the live node with fewest clients.
 * - roaming: each reconnect of a client goes to another node.
 *
 * It also tells each client, at connect, which node its connection reached
 * (see `ClientRouting`: it implements it).
 *
 * @example
 * const balancer = await LoadBalancer.start({ toxiproxyUrl, nodes: target.nodes!, clients: 3, recorder });
 * balancer.nodeOf(1); // 'n1'
 * await balancer.move(1, 'n2', 'command');
 * await balancer.close();
 */
export class LoadBalancer {
  readonly mode: BalancerMode;
  readonly #routes: Route[];
  readonly #byName = new Map<string, number>();
  readonly #timer: NodeJS.Timeout | undefined;
  #checking: Promise<void> | undefined;
  #closed = false;
  /** Which nodes were up at the last health check. */
  readonly #up: boolean[];

  private constructor(
    /** The clients' proxies (index = client index). */
    readonly proxies: ProxyPool,
    readonly nodes: readonly TargetNode[],
    private readonly recorder: HistoryRecorder,
    mode: BalancerMode,
    healthCheckMs: number,
  ) {
    this.mode = mode;
    this.#routes = Array.from({ length: proxies.size }, (_, i) => ({ node: i % nodes.length, connectedTo: -1, moving: undefined }));
    this.#up = nodes.map(() => true);
    if (healthCheckMs > 0) {
      this.#timer = setInterval(() => void this.checkNodes().catch((err: unknown) => debug('health check failed: %s', (err as Error).message)), healthCheckMs);
      this.#timer.unref();
    }
  }

  /**
   * Makes one proxy per client, client i's in front of node i % N, and starts
   * the health check.
   *
   * @throws Error when the target has no nodes, or Toxiproxy refuses a proxy.
   */
  static async start(options: LoadBalancerOptions): Promise<LoadBalancer> {
    const { nodes } = options;
    if (nodes.length === 0) throw new Error('a load balancer needs a target with nodes: this one has none');
    const upstream = (i: number): string => addressOf(nodes[i % nodes.length]!);
    const proxies = await ProxyPool.create(options.toxiproxyUrl, upstream, options.clients, {
      ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
    });
    debug('%d clients over %d nodes (%s)', options.clients, nodes.length, options.mode ?? 'sticky');
    return new LoadBalancer(proxies, nodes, options.recorder, options.mode ?? 'sticky', options.healthCheckMs ?? HEALTH_CHECK_MS);
  }

  /**
   * Names the clients (index = client index), so that {@link connected} and
   * {@link disconnected} can be called by name.
   */
  nameClients(names: readonly string[]): void {
    names.forEach((name, i) => this.#byName.set(name, i));
  }

  /** The node client `client` (index or name) is sent to now; undefined for a client it does not know. */
  nodeOf(client: number | string): string | undefined {
    const route = this.#route(client);
    return route ? this.nodes[route.node]!.name : undefined;
  }

  /** The clients (indices) sent to `node` now. */
  clientsOn(node: string): number[] {
    const index = this.#nodeIndex(node);
    return this.#routes.flatMap((route, i) => (route.node === index ? [i] : []));
  }

  /**
   * Sends client `client` (index) to node `to` from now on: re-points its
   * proxy, which drops its open connections, and records `client-moved`.
   * Moving a client to the node it is on does nothing. Moves of one client
   * run one after the other.
   *
   * @throws RangeError for a client or node it does not know; Error when Toxiproxy refuses.
   * @example
   * await balancer.move(0, 'n2', 'command');
   */
  async move(client: number, to: string, cause: MoveCause): Promise<void> {
    const route = this.#route(client);
    if (!route) throw new RangeError(`no client ${client}: the balancer has ${this.#routes.length}`);
    const node = this.#nodeIndex(to);
    const previous = route.moving ?? Promise.resolve();
    const moving = previous.then(async () => {
      if (route.node === node || this.#closed) return;
      const from = this.nodes[route.node]!.name;
      const previousNode = route.node;
      // The new node from the moment Toxiproxy may re-point: a connection that completes while the
      // call is on its way reaches the new node (the old one is down, or its connections are dropped).
      route.node = node;
      try {
        await this.proxies.setUpstream(client, addressOf(this.nodes[node]!));
      } catch (err) {
        route.node = previousNode;
        throw err;
      }
      this.recorder.record({ type: 'client-moved', client: this.#nameOf(client), from, to, cause });
      debug('c%d: %s -> %s (%s)', client, from, to, cause);
    });
    route.moving = moving;
    const settle = (): void => {
      if (route.moving === moving) route.moving = undefined;
    };
    moving.then(settle, settle);
    return moving;
  }

  /**
   * Checks which nodes are up now, and moves the clients of every node found
   * down to live nodes (`failover`). The health check calls it on its own; a
   * fault that just stopped a node may call it to fail over at once.
   * Resolves when those moves are done.
   */
  checkNodes(): Promise<void> {
    this.#checking ??= this.#check().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  /**
   * What a client calls when its connection is up (see `ClientRouting`):
   * the node it reached, remembered for roaming.
   */
  connected(client: string): string | undefined {
    const route = this.#route(client);
    if (!route) return undefined;
    route.connectedTo = route.node;
    return this.nodes[route.node]!.name;
  }

  /**
   * What a client calls when its connection is lost (see `ClientRouting`).
   * Roaming: unless it was moved since it connected (a move already sends
   * its reconnect elsewhere), its reconnect goes to the next live node.
   */
  disconnected(client: string): void {
    if (this.mode !== 'roaming' || this.#closed) return;
    const index = this.#byName.get(client);
    const route = index === undefined ? undefined : this.#routes[index];
    if (index === undefined || !route || route.moving || route.node !== route.connectedTo) return;
    const next = this.#nextLive(route.node);
    if (next < 0) return;
    this.move(index, this.nodes[next]!.name, 'roaming').catch((err: unknown) => debug('roaming c%d failed: %s', index, (err as Error).message));
  }

  /** Stops the health check and waits for moves under way. Does not remove the proxies (the scenario does: {@link proxies}). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#checking?.catch(() => undefined);
    await Promise.allSettled(this.#routes.map((route) => route.moving));
  }

  async #check(): Promise<void> {
    if (this.#closed) return;
    const up = this.nodes.map((node) => node.process?.isRunning() ?? true);
    const moves: Promise<void>[] = [];
    up.forEach((isUp, node) => {
      if (!isUp && this.#up[node]) debug('%s is down', this.nodes[node]!.name);
      this.#up[node] = isUp;
    });
    const load = this.nodes.map((_, node) => this.#routes.filter((route) => route.node === node).length);
    this.#routes.forEach((route, client) => {
      if (up[route.node] || route.moving) return;
      // The live node with fewest clients (the first of them on a tie).
      let best = -1;
      up.forEach((isUp, node) => {
        if (isUp && (best < 0 || load[node]! < load[best]!)) best = node;
      });
      if (best < 0) return;
      load[route.node]!--;
      load[best]!++;
      moves.push(this.move(client, this.nodes[best]!.name, 'failover'));
    });
    await Promise.all(moves);
  }

  /** The next node after `node` (in name order, wrapping) that is up; -1 when there is none. */
  #nextLive(node: number): number {
    for (let step = 1; step < this.nodes.length; step++) {
      const candidate = (node + step) % this.nodes.length;
      if (this.nodes[candidate]!.process?.isRunning() ?? true) return candidate;
    }
    return -1;
  }

  #route(client: number | string): Route | undefined {
    const index = typeof client === 'number' ? client : this.#byName.get(client);
    return index === undefined ? undefined : this.#routes[index];
  }

  #nameOf(client: number): string {
    for (const [name, index] of this.#byName) if (index === client) return name;
    return `c${client}`;
  }

  #nodeIndex(name: string): number {
    const index = this.nodes.findIndex((node) => node.name === name);
    if (index < 0) throw new RangeError(`no node ${name}: the target's nodes are ${this.nodes.map((n) => n.name).join(', ')}`);
    return index;
  }
}

function addressOf(node: TargetNode): string {
  const { host, port } = node.address();
  return `${host}:${port}`;
}
