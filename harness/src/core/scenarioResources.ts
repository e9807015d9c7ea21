import createDebug from 'debug';
import { ProxyStock } from '../toxiproxy/ProxyStock.js';

const debug = createDebug('siochaos:core');

/**
 * What the scenarios of a campaign share to cost less: one stock of client
 * proxies re-pointed from scenario to scenario (see {@link ProxyStock}), and
 * the teardowns still under way (a scenario's target is stopped and its
 * proxies parked while the next scenario runs). {@link close} waits for every
 * teardown and deletes every proxy: call it before Toxiproxy stops.
 *
 * @example
 * const resources = new ScenarioResources(toxiproxyUrl);
 * const setup: ScenarioSetup = { ...rest, resources };
 * // … scenarios run …
 * await resources.close();
 */
export class ScenarioResources {
  readonly proxies: ProxyStock;
  readonly #teardowns = new Set<Promise<void>>();

  constructor(toxiproxyUrl: string, options: { callTimeoutMs?: number } = {}) {
    this.proxies = new ProxyStock(toxiproxyUrl, options);
  }

  /** Lets a scenario's teardown finish while the campaign goes on; a failure is logged, not thrown. */
  inBackground(teardown: Promise<void>): void {
    const settled = teardown
      .catch((err: unknown) => debug('a scenario teardown failed: %s', (err as Error).message))
      .finally(() => this.#teardowns.delete(settled));
    this.#teardowns.add(settled);
  }

  /** How many teardowns are under way. */
  get tearingDown(): number {
    return this.#teardowns.size;
  }

  /** Waits for every teardown under way, then deletes every proxy. */
  async close(): Promise<void> {
    while (this.#teardowns.size > 0) await Promise.all([...this.#teardowns]);
    await this.proxies.close();
  }
}
