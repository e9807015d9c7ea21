import createDebug from 'debug';
import type { Fault } from '../Fault.js';

const debug = createDebug('siochaos:faults:client');

/**
 * `client-leave`: the clients go away for good (closed; the injector records a
 * `client-departed` event each) with whatever they have not delivered still
 * queued. Heal does not bring them back; the final phase does not wait for
 * them and gives up what they still had queued (cause `client-left`), which
 * the checker does not count as abandoned.
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
      await client.close();
    }
    return { heal: async () => undefined };
  },
};
