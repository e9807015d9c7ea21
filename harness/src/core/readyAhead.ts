import createDebug from 'debug';
import { warmUpConnection } from '../clients/warmUpConnection.js';
import type { ProxyStock } from '../toxiproxy/ProxyStock.js';
import { releaseTarget, type StartedTarget } from './scenarioTarget.js';

const debug = createDebug('siochaos:core');

/** What {@link readyAhead} needs: the campaign's proxy stock, the clients per scenario, and how a client connects. */
export interface ReadyAheadOptions {
  stock: ProxyStock;
  clients: number;
  /** The `auth` payload of a client that has received nothing yet (the protocol's `auth(0)`). */
  auth: Record<string, unknown>;
  /** How long the warm-up connection may take before it is given up. */
  warmUpMs: number;
  /** The campaign's interrupt: the warm-up connection is given up at once when it is aborted. */
  signal?: AbortSignal;
}

/**
 * Readies a target started ahead while the scenario before it runs, so that
 * its own scenario starts with less to wait for: takes its client proxies
 * from the stock, already pointed at it, and warms it up with one Socket.IO
 * connection that leaves at once (see {@link warmUpConnection}). A target of
 * several nodes is left as it is (its clients go through a load balancer made
 * by its scenario). If the proxies cannot be taken, the target is released
 * and the error thrown on, as for a target that does not start.
 *
 * @example
 * const ahead = new TargetsAhead(
 *   () => startScenarioTarget(workDir, makeTarget).then((started) => readyAhead(started, { stock, clients: 3, auth: { serverOffset: 0 }, warmUpMs: 2000 })),
 *   (started) => releaseReadied(started, stock),
 * );
 */
export async function readyAhead(started: StartedTarget, options: ReadyAheadOptions): Promise<StartedTarget> {
  if (started.target.nodes?.length) return started;
  const { host, port } = started.address;
  let proxies;
  try {
    proxies = await options.stock.take(`${host}:${port}`, options.clients);
  } catch (err) {
    await releaseTarget(started);
    throw err;
  }
  const warm = await warmUpConnection(`http://${host}:${port}`, options.auth, options.warmUpMs, options.signal);
  debug('target ahead on port %d: %d proxies pointed at it, warm-up connection %s', port, options.clients, warm ? 'made' : 'not made');
  return { ...started, proxies };
}

/**
 * Releases a target readied ahead that no scenario took: gives its proxies
 * back to the stock (parked), then stops it and removes its folder.
 *
 * @example
 * await releaseReadied(spare, stock);
 */
export async function releaseReadied(started: StartedTarget, stock: ProxyStock): Promise<void> {
  try {
    if (started.proxies) await stock.giveBack(started.proxies);
  } finally {
    await releaseTarget(started);
  }
}
