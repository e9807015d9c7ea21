import type { Fault } from '../Fault.js';
import { disableProxies } from '../toxiproxy/disableProxies.js';
import { everyProxy } from '../toxiproxy/everyProxy.js';
import { latencyAttributes, resetAttributes, timeoutAttributes } from '../toxiproxy/toxicAttributes.js';
import { dbToxicFault } from './dbToxicFault.js';
import { postgresUnavailable, targetPostgresOf } from './targetDatabaseOf.js';

/**
 * `db-latency`: delays the target's database traffic by latency ± jitter ms.
 *
 * @example
 * await injector.inject(dbLatency, { latency: 800 }, []);
 */
export const dbLatency: Fault = dbToxicFault({
  name: 'db-latency',
  toxic: 'latency',
  summary: "delay the target's database traffic by latency ± jitter ms",
  defaultStream: 'downstream',
  attributes: latencyAttributes(500),
  describe: (p, db) => `delay ${p.stream} traffic of ${db} by ${p.latency} ± ${p.jitter} ms`,
});

/**
 * `db-timeout`: blackholes the target's database traffic; queries hang until
 * the server's query timeout (downstream: the statement runs, its reply is lost).
 *
 * @example
 * await injector.inject(dbTimeout, { stream: 'downstream', timeout: 0 }, []);
 */
export const dbTimeout: Fault = dbToxicFault({
  name: 'db-timeout',
  toxic: 'timeout',
  summary: "drop the target's database traffic; close after timeout ms (0 = never)",
  defaultStream: 'downstream',
  attributes: timeoutAttributes,
  describe: (p, db) =>
    Number(p.timeout) === 0
      ? `blackhole ${p.stream} traffic of ${db} until healed`
      : `blackhole ${p.stream} traffic of ${db}, closing after ${p.timeout} ms`,
});

/**
 * `db-reset-peer`: resets the target's database connections (TCP RST), new ones too.
 *
 * @example
 * await injector.inject(dbResetPeer, { timeout: 0 }, []);
 */
export const dbResetPeer: Fault = dbToxicFault({
  name: 'db-reset-peer',
  toxic: 'reset_peer',
  summary: "reset the target's database connections (TCP RST) after timeout ms",
  defaultStream: 'downstream',
  attributes: resetAttributes,
  describe: (p, db) => `reset the connections to ${db} (${p.stream}) after ${p.timeout} ms`,
});

/**
 * `db-down`: takes the database proxy down (every node's, on a multi-node
 * target): live connections are cut and new ones are refused, until healed.
 *
 * @example
 * await injector.inject(dbDown, {}, []);
 */
export const dbDown: Fault = {
  name: 'db-down',
  kind: 'database',
  summary: "take the target's database away (connections cut, new ones refused)",
  params: {},
  scope: 'target',
  describe: () => "take the target's database down (its proxies disabled)",
  unavailableReason: (context) => postgresUnavailable('db-down', context.target),
  async inject(context) {
    const proxies = targetPostgresOf('db-down', context.target).proxy();
    return disableProxies(proxies, everyProxy(proxies));
  },
};
