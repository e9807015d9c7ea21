import createDebug from 'debug';
import { Toxiproxy, type Proxy, type ICreateToxicBody, type ToxicDirection, type ToxicType } from 'toxiproxy-node-client';

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

let poolCounter = 0;

/**
 * The Toxiproxy proxies of one scenario, one per client, all in front of the
 * same upstream. Names carry the process id and a counter, so that pools of
 * concurrent runs on one Toxiproxy never collide.
 *
 * @example
 * const pool = await ProxyPool.create('http://127.0.0.1:8474', '127.0.0.1:3000', 3);
 * await pool.addToxic(0, { type: 'reset_peer', stream: 'downstream', attributes: { timeout: 0 } });
 * await pool.healAll();
 * await pool.destroy();
 */
export class ProxyPool {
  private toxicCounter = 0;

  private constructor(
    private readonly proxies: Proxy[],
    readonly entries: PooledProxy[],
  ) {}

  /** Creates `count` proxies listening on free loopback ports in front of `upstream`. */
  static async create(toxiproxyUrl: string, upstream: string, count: number, label = 'client'): Promise<ProxyPool> {
    const api = new Toxiproxy(toxiproxyUrl);
    const prefix = `siochaos-${process.pid}-${++poolCounter}`;
    const proxies: Proxy[] = [];
    try {
      for (let i = 0; i < count; i++) {
        proxies.push(await api.createProxy({ name: `${prefix}-${label}${i}`, listen: '127.0.0.1:0', upstream }));
      }
    } catch (err) {
      await Promise.allSettled(proxies.map((p) => p.remove()));
      throw err;
    }
    const entries = proxies.map((p) => ({ name: p.name, listen: p.listen, port: Number(p.listen.split(':').pop()) }));
    debug('created %d proxies %s -> %s', count, entries.map((e) => e.listen).join(','), upstream);
    return new ProxyPool(proxies, entries);
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
    const name = `${spec.type}-${spec.stream}-${++this.toxicCounter}`;
    const body: ICreateToxicBody<Record<string, number>> = {
      name,
      type: spec.type,
      stream: spec.stream,
      toxicity: spec.toxicity ?? 1,
      attributes: spec.attributes,
    };
    await proxy.addToxic(body);
    debug('%s: added toxic %s %o', proxy.name, name, spec.attributes);
    return name;
  }

  /** Removes one toxic by name; a toxic already gone is not an error. */
  async removeToxic(index: number, name: string): Promise<void> {
    const proxy = this.at(index);
    const response = await fetch(`${proxy.toxiproxy.host}/proxies/${proxy.name}/toxics/${name}`, { method: 'DELETE' });
    if (!response.ok && response.status !== 404) {
      throw new Error(`removing toxic ${name} from ${proxy.name} failed: HTTP ${response.status}`);
    }
  }

  /** Enables or disables the proxy at `index` (disabled: listener closed, live connections cut). */
  async setEnabled(index: number, enabled: boolean): Promise<void> {
    const proxy = this.at(index);
    this.proxies[index] = await proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream });
    debug('%s: enabled=%s', proxy.name, enabled);
  }

  /** Removes every toxic from every proxy and enables them all. Idempotent. */
  async healAll(): Promise<void> {
    await Promise.all(
      this.proxies.map(async (proxy, index) => {
        const response = await fetch(`${proxy.toxiproxy.host}/proxies/${proxy.name}`);
        if (!response.ok) throw new Error(`reading proxy ${proxy.name} failed: HTTP ${response.status}`);
        const state = (await response.json()) as { enabled: boolean; toxics: { name: string }[] };
        await Promise.all(state.toxics.map((toxic) => this.removeToxic(index, toxic.name)));
        if (!state.enabled) await this.setEnabled(index, true);
      }),
    );
  }

  /** Deletes every proxy of the pool from Toxiproxy. Safe to call twice. */
  async destroy(): Promise<void> {
    await Promise.allSettled(this.proxies.map((p) => p.remove()));
    debug('removed %d proxies', this.proxies.length);
  }

  private at(index: number): Proxy {
    const proxy = this.proxies[index];
    if (!proxy) throw new RangeError(`no proxy ${index}: the pool has ${this.proxies.length}`);
    return proxy;
  }
}
