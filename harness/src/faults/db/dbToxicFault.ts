import type { Fault, ParamSpec } from '../Fault.js';
import { everyProxy } from '../toxiproxy/everyProxy.js';
import { toxicFault, type ToxicFaultSpec } from '../toxiproxy/toxicFault.js';
import { postgresUnavailable, targetPostgresOf } from './targetDatabaseOf.js';

/**
 * How a database-proxy toxic fault is declared: as a toxic fault, whose
 * `describe` gets "the database" where a network fault gets client names.
 *
 * @example
 * const spec: DbToxicFaultSpec = { name: 'db-latency', toxic: 'latency', summary, attributes, defaultStream: 'downstream', describe };
 */
export type DbToxicFaultSpec = ToxicFaultSpec;

const STREAM_DESCRIPTION = 'upstream = server to database, downstream = database to server';

/**
 * Makes a database fault from a Toxiproxy toxic: the same toxic as the
 * network fault of that kind, on the target's database proxies (one, or one
 * per node of a multi-node target: the database fails for every node)
 * instead of the clients' proxies. Healed by removing the toxics.
 *
 * @example
 * const dbLatency = dbToxicFault({ name: 'db-latency', toxic: 'latency', ... });
 */
export function dbToxicFault(spec: DbToxicFaultSpec): Fault {
  const onProxy = toxicFault(spec);
  const stream = onProxy.params.stream as Extract<ParamSpec, { kind: 'choice' }>;
  return {
    name: spec.name,
    kind: 'database',
    summary: spec.summary,
    params: { ...onProxy.params, stream: { ...stream, description: STREAM_DESCRIPTION } },
    scope: 'target',
    describe: (params) => spec.describe(params, 'the database'),
    unavailableReason: (context) => postgresUnavailable(spec.name, context.target),
    inject(context, params) {
      const proxies = targetPostgresOf(spec.name, context.target).proxy();
      return onProxy.inject({ ...context, proxies }, params, everyProxy(proxies));
    },
  };
}
