import createDebug from 'debug';
import type { ToxicDirection, ToxicType } from 'toxiproxy-node-client';
import { toxiproxyCall, TOXIPROXY_CALL_TIMEOUT_MS } from './toxiproxyCall.js';
import { legacyScenarioSetup } from '../util/legacySetup.js';

const debug = createDebug('siochaos:toxiproxy');

/** A toxic to add: the Toxiproxy type, direction and attributes. */
export interface ToxicSpec {
  type: Exclude<ToxicType, 'down'>;
  stream: ToxicDirection;
  attributes: Record<string, number>;
  /** Fraction of connections hit, 0..1 (default 1). */
  toxicity?: number;
}

/** One proxy of the pool, as the clients and faults see it. */
export interface PooledProxy {
  /** The proxy's name in Toxiproxy. */
  readonly name: string;
  /** host:port the clients connect to. */
  readonly listen: string;
  readonly port: number;
}

/** Options of {@link ProxyPool.create}. */
export interface ProxyPoolOptions {
  /** What the proxies are named after (`client` gives client0, client1, …). */
  label?: string;
  /** How long each call to Toxiproxy's API may take (default {@link TOXIPROXY_CALL_TIMEOUT_MS}). */
  callTimeoutMs?: number;
}

/** A proxy as Toxiproxy's API describes it. */
interface ProxyState {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: { name: string }[];
}

let poolCounter = 0;

/**
 * The Toxiproxy proxies of one scenario, one per client, all in front of the
 * same upstream. Names carry the process id and a counter, so that pools of
 * concurrent runs on one Toxiproxy never collide. Every call to Toxiproxy's
 * API is bounded in time and fails with a {@link ToxiproxyCallError} saying
 * which call did not answer.
 *
 * @example
 * const pool = await ProxyPool.create('http://127.0.0.1:8474', '127.0.0.1:3000', 3);
 * await pool.addToxic(0, { type: 'reset_peer', stream: 'downstream', attributes: { timeout: 0 } });
 * await pool.healAll();
 * await pool.destroy();
 */
export class ProxyPool {
  private toxicCounter = 0;
  /** The proxies given a toxic or disabled since the last {@link healAll}: the only ones it has to look at. */
  private readonly touched = new Set<number>();
  private readonly updates: Promise<void>[] = [];

  private constructor(
    private readonly url: string,
    private readonly proxies: ProxyState[],
    readonly entries: PooledProxy[],
    private readonly callTimeoutMs: number,
  ) {}

  /**
   * Creates `count` proxies listening on free loopback ports in front of
   * `upstream`, or each in front of its own (`upstream(index)`: clients spread
   * over the nodes of a target).
   */
  static async create(
    toxiproxyUrl: string,
    upstream: string | ((index: number) => string),
    count: number,
    options: ProxyPoolOptions | string = {},
  ): Promise<ProxyPool> {
    const { label = 'client', callTimeoutMs = TOXIPROXY_CALL_TIMEOUT_MS } = typeof options === 'string' ? { label: options } : options;
    const prefix = `siochaos-${process.pid}-${++poolCounter}`;
    const proxies: ProxyState[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const body = { name: `${prefix}-${label}${i}`, listen: '127.0.0.1:0', upstream: typeof upstream === 'string' ? upstream : upstream(i), enabled: true };
        const created = await toxiproxyCall<ProxyState>(toxiproxyUrl, 'POST', '/proxies', { body, timeoutMs: callTimeoutMs });
        proxies.push(created.body!);
      }
    } catch (err) {
      await Promise.allSettled(proxies.map((p) => toxiproxyCall(toxiproxyUrl, 'DELETE', `/proxies/${p.name}`, { timeoutMs: callTimeoutMs, accept: [404] })));
      throw err;
    }
    const entries = proxies.map((p) => ({ name: p.name, listen: p.listen, port: Number(p.listen.split(':').pop()) }));
    debug('created %d proxies %s -> %s', count, entries.map((e) => e.listen).join(','), proxies.map((p) => p.upstream).join(','));
    return new ProxyPool(toxiproxyUrl, proxies, entries, callTimeoutMs);
  }

  /** How many proxies the pool has. */
  get size(): number {
    return this.proxies.length;
  }

  /**
   * Adds a toxic to the proxy at `index`.
   *
   * @returns the toxic's name, to remove it later.
   */
  async addToxic(index: number, spec: ToxicSpec): Promise<string> {
    const proxy = this.at(index);
    // Marked before the call: a call that times out may still have added the toxic.
    this.touched.add(index);
    const name = `${spec.type}-${spec.stream}-${++this.toxicCounter}`;
    const body = { name, type: spec.type, stream: spec.stream, toxicity: spec.toxicity ?? 1, attributes: spec.attributes };
    await this.call('POST', `/proxies/${proxy.name}/toxics`, { body });
    debug('%s: added toxic %s %o', proxy.name, name, spec.attributes);
    return name;
  }

  /** Removes one toxic by name; a toxic already gone is not an error. */
  async removeToxic(index: number, name: string): Promise<void> {
    const proxy = this.at(index);
    await this.call('DELETE', `/proxies/${proxy.name}/toxics/${name}`, { accept: [404] });
  }

  /** Enables or disables the proxy at `index` (disabled: listener closed, live connections cut). */
  setEnabled(index: number, enabled: boolean): Promise<void> {
    this.at(index);
    if (!enabled) this.touched.add(index);
    return this.update(index, async (proxy) => {
      const { body } = await this.call<ProxyState>('POST', `/proxies/${proxy.name}`, { body: { enabled, listen: proxy.listen, upstream: proxy.upstream } });
      this.proxies[index] = { ...proxy, ...body, enabled };
      debug('%s: enabled=%s', proxy.name, enabled);
    });
  }

  /**
   * Points the proxy at `index` to another upstream (`host:port`), keeping its
   * listen address. Toxiproxy restarts a proxy whose upstream changes: its
   * live connections are cut (as when a load balancer fails a client over to
   * another backend), and the ones that come after go to the new upstream.
   * Its toxics stay.
   *
   * @example
   * await pool.setUpstream(0, '127.0.0.1:3002'); // client 0 now reaches the node on port 3002
   */
  setUpstream(index: number, upstream: string): Promise<void> {
    this.at(index);
    return this.update(index, async (proxy) => {
      const { body } = await this.call<ProxyState>('POST', `/proxies/${proxy.name}`, { body: { enabled: proxy.enabled, listen: proxy.listen, upstream } });
      this.proxies[index] = { ...proxy, ...body, upstream, enabled: proxy.enabled };
      debug('%s: upstream %s -> %s', proxy.name, proxy.upstream, upstream);
    });
  }

  /** The upstream (`host:port`) the proxy at `index` forwards to. */
  upstreamOf(index: number): string {
    return this.at(index).upstream;
  }

  /**
   * Removes every toxic from every proxy and enables them all. Idempotent.
   * Only the proxies this pool gave a toxic or disabled since the last heal
   * are looked at (every one with `SIOCHAOS_LEGACY_SCENARIO_SETUP=1`), which
   * holds while every change of its proxies goes through this pool (they are
   * its own, named after this process): a change still queued when the heal
   * starts (a disable behind a move) is waited for before the proxy is read,
   * and one asked for during the heal marks its proxy again.
   */
  async healAll(): Promise<void> {
    const indices = legacyScenarioSetup() ? this.proxies.map((_, index) => index) : [...this.touched];
    // Unmarked before the calls, so that a toxic added meanwhile marks its proxy again; marked back if the heal fails.
    for (const index of indices) this.touched.delete(index);
    await Promise.all(
      indices.map(async (index) => {
        try {
          const state = await this.removeAllToxics(index);
          if (state && !state.enabled) await this.setEnabled(index, true);
        } catch (err) {
          this.touched.add(index);
          throw err;
        }
      }),
    );
  }

  /**
   * Parks the pool between two scenarios: removes every toxic and disables
   * every proxy (its listener closed, every connection through it cut), so
   * that nothing of the scenario that used it is left for the next one.
   * {@link repoint} brings it back. Listen ports stay the pool's.
   *
   * @example
   * await pool.park();
   * await pool.repoint('127.0.0.1:3001'); // the next scenario's target
   */
  async park(): Promise<void> {
    await Promise.all(
      this.proxies.map(async (_, index) => {
        await this.removeAllToxics(index);
        await this.setEnabled(index, false);
      }),
    );
    // Parked proxies are disabled on purpose: the next scenario starts with none touched.
    this.touched.clear();
    debug('parked %d proxies', this.proxies.length);
  }

  /**
   * Points every proxy at `upstream` and enables it, all at once: a parked
   * pool taken by the next scenario. Listen addresses stay.
   *
   * @throws ToxiproxyCallError when a proxy cannot be brought back (e.g. its port was taken while it was parked).
   */
  async repoint(upstream: string): Promise<void> {
    await Promise.all(
      this.proxies.map((_, index) =>
        this.update(index, async (proxy) => {
          const { body } = await this.call<ProxyState>('POST', `/proxies/${proxy.name}`, { body: { enabled: true, listen: proxy.listen, upstream } });
          this.proxies[index] = { ...proxy, ...body, upstream, enabled: true };
        }),
      ),
    );
    debug('re-pointed %d proxies -> %s', this.proxies.length, upstream);
  }

  /** Deletes every proxy of the pool from Toxiproxy. Safe to call twice. */
  async destroy(): Promise<void> {
    await Promise.allSettled(this.proxies.map((p) => this.call('DELETE', `/proxies/${p.name}`, { accept: [404] })));
    debug('removed %d proxies', this.proxies.length);
  }

  /**
   * Removes every toxic of the proxy at `index`, as Toxiproxy has them once
   * the changes queued for it (see {@link update}) are done.
   *
   * @returns the proxy's state as read before the toxics were removed.
   */
  private async removeAllToxics(index: number): Promise<ProxyState | undefined> {
    await this.updates[index];
    const { body: state } = await this.call<ProxyState>('GET', `/proxies/${this.at(index).name}`);
    await Promise.all((state?.toxics ?? []).map((toxic) => this.removeToxic(index, toxic.name)));
    return state;
  }

  /**
   * Runs a change of the proxy at `index` after the changes before it: each
   * sends the whole proxy (enabled, listen, upstream), so two at once would
   * undo each other (a move re-enabling a proxy a fault had just disabled).
   */
  private update(index: number, change: (proxy: ProxyState) => Promise<void>): Promise<void> {
    const next = (this.updates[index] ?? Promise.resolve()).then(() => change(this.at(index)));
    this.updates[index] = next.catch(() => undefined);
    return next;
  }

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options: { body?: unknown; accept?: number[] } = {}) {
    return toxiproxyCall<T>(this.url, method, path, { ...options, timeoutMs: this.callTimeoutMs });
  }

  private at(index: number): ProxyState {
    const proxy = this.proxies[index];
    if (!proxy) throw new RangeError(`no proxy ${index}: the pool has ${this.proxies.length}`);
    return proxy;
  }
}
