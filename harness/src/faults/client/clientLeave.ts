import createDebug from 'debug';
import type { Fault } from '../Fault.js';

const debug = createDebug('siochaos:faults:client');

/**
 * `client-leave`: the clients go away for good (closed) with whatever they
 * have not delivered still queued. Heal does not bring them back: their
 * undelivered messages keep an unknown outcome, which the checker settles from
 * the final read (recovered if stored, pending if not).
 *
 * @example
 * await injector.inject(clientLeave, {}, [1]);
 */
export const clientLeave: Fault = {
  name: 'client-leave',
  kind: 'client',
  summary: 'the clients leave for good, with messages still queued',
  params: {},
  scope: 'clients',
  removesClients: true,
  describe: (_params, clients) => `${clients.join(', ')} leave for good (closed with messages still queued)`,
  async inject(context, _params, indices) {
    for (const index of indices) {
      const client = context.clients[index];
      if (!client) throw new Error(`fault client-leave: there is no client ${index}: the scenario has ${context.clients.length}`);
      debug('%s leaves with %d messages pending', client.name, client.pending);
      client.close();
    }
    return { heal: async () => undefined };
  },
};
