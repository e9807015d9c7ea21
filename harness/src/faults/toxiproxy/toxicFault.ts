import type { ToxicType } from 'toxiproxy-node-client';
import type { ActiveFault, Fault, FaultParams, ParamSpec } from '../Fault.js';

/** How a toxic fault is declared: its Toxiproxy type and its attribute parameters. */
export interface ToxicFaultSpec {
  name: string;
  toxic: Exclude<ToxicType, 'down'>;
  summary: string;
  /** Attribute parameters, by Toxiproxy's attribute names. */
  attributes: Record<string, Extract<ParamSpec, { kind: 'number' }>>;
  defaultStream: 'upstream' | 'downstream';
  describe(params: FaultParams, clients: string): string;
}

/**
 * Makes a network fault from a Toxiproxy toxic: injected as one toxic per hit
 * client's proxy, healed by removing those toxics.
 *
 * @example
 * const latency = toxicFault({ name: 'latency', toxic: 'latency', ... });
 */
export function toxicFault(spec: ToxicFaultSpec): Fault {
  const params: Record<string, ParamSpec> = {
    stream: {
      kind: 'choice',
      default: spec.defaultStream,
      values: ['upstream', 'downstream'],
      description: 'upstream = client to server, downstream = server to client',
    },
    ...spec.attributes,
  };
  return {
    name: spec.name,
    kind: 'network',
    summary: spec.summary,
    params,
    scope: 'clients',
    describe: (values, clients) => spec.describe(values, clients.join(', ')),
    async inject(context, values, clients): Promise<ActiveFault> {
      const attributes: Record<string, number> = {};
      for (const key of Object.keys(spec.attributes)) attributes[key] = Number(values[key]);
      const stream = values.stream as 'upstream' | 'downstream';
      const added = await Promise.all(
        clients.map(async (index) => ({
          index,
          name: await context.proxies.addToxic(index, { type: spec.toxic, stream, attributes }),
        })),
      );
      return {
        heal: async () => {
          await Promise.all(added.map(({ index, name }) => context.proxies.removeToxic(index, name)));
        },
      };
    },
  };
}
