import createDebug from 'debug';
import { ProxyPool, type ProxyPoolOptions } from './ProxyPool.js';

const debug = createDebug('siochaos:toxiproxy');

/**
 * The client proxies of a campaign, kept from one scenario to the next: a
 * scenario takes a pool re-pointed at its target instead of creating one, and
 * gives it back parked (every toxic removed, every proxy disabled, so no
 * toxic and no connection crosses into the next scenario) instead of
 * deleting it. Scenarios that run at once each get a pool of their own.
 * A pool that cannot be parked or brought back is deleted and replaced.
 *
 * @example
 * const stock = new ProxyStock(toxiproxyUrl);
 * const pool = await stock.take('127.0.0.1:3000', 3);
 * await stock.giveBack(pool);
 * await stock.close(); // deletes every proxy it made
 */
export class ProxyStock {
  readonly #parked: ProxyPool[] = [];
  readonly #taken = new Set<ProxyPool>();
  #closed = false;

  constructor(
    private readonly toxiproxyUrl: string,
    private readonly options: ProxyPoolOptions = {},
  ) {}

  /** A pool of `count` proxies in front of `upstream`: a parked one re-pointed, or a new one. */
  async take(upstream: string, count: number): Promise<ProxyPool> {
    if (this.#closed) throw new Error('ProxyStock.take() after close(): make a new ProxyStock');
    const at = this.#parked.findIndex((pool) => pool.size === count);
    if (at >= 0) {
      const [pool] = this.#parked.splice(at, 1);
      let repointed = false;
      try {
        await pool!.repoint(upstream);
        repointed = true;
      } catch (err) {
        debug('a parked pool could not be re-pointed, %s: %s', this.#closed ? 'deleted' : 'replaced', (err as Error).message);
        await pool!.destroy();
        if (this.#closed) throw err;
      }
      if (repointed) return this.#hand(pool!);
    }
    return this.#hand(await ProxyPool.create(this.toxiproxyUrl, upstream, count, this.options));
  }

  /** Hands `pool` out as taken, unless the stock was closed while it was made or re-pointed: then it is deleted, not leaked. */
  async #hand(pool: ProxyPool): Promise<ProxyPool> {
    if (this.#closed) {
      await pool.destroy();
      throw new Error('ProxyStock closed while a pool was being taken: its proxies were deleted');
    }
    this.#taken.add(pool);
    return pool;
  }

  /** Parks a pool its scenario is done with, for the next one to take (deleted when parking fails or the stock is closed). */
  async giveBack(pool: ProxyPool): Promise<void> {
    if (!this.#taken.delete(pool)) return;
    if (!this.#closed) {
      try {
        await pool.park();
        if (!this.#closed) {
          this.#parked.push(pool);
          return;
        }
      } catch (err) {
        debug('a pool could not be parked, deleted: %s', (err as Error).message);
      }
    }
    await pool.destroy();
  }

  /** How many pools are parked, waiting for a scenario. */
  get parked(): number {
    return this.#parked.length;
  }

  /** Deletes every pool, parked or taken; take() may not be called after it. */
  async close(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#parked.splice(0), ...this.#taken];
    this.#taken.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
  }
}
