import createDebug from 'debug';
import type { Fault, FaultContext } from '../Fault.js';
import { msParam } from '../process/msParam.js';
import { isReconnectable, type ReconnectableClient } from './ReconnectableClient.js';

const debug = createDebug('siochaos:faults:client');

function reconnectableClients(context: FaultContext, indices: readonly number[]): ReconnectableClient[] {
  return indices.map((index) => {
    const client = context.clients[index];
    if (!client) throw new Error(`fault client-reconnect: there is no client ${index}: the scenario has ${context.clients.length}`);
    // Browser clients may not be able to disconnect on purpose; ChaosClient can.
    const candidate: { name: string } = client;
    if (!isReconnectable(candidate)) {
      throw new Error(
        `fault client-reconnect: client ${candidate.name} cannot disconnect on purpose (it has no disconnect()/reconnect()): give ChaosClient those methods, or leave client-reconnect out`,
      );
    }
    return candidate;
  });
}

/**
 * `client-reconnect`: the clients disconnect on their own
 * (`socket.disconnect()`), stay away `duration` ms, then connect again. What
 * they send meanwhile waits in their strategy. Heal reconnects them at once.
 *
 * @example
 * await injector.inject(clientReconnect, { duration: 1000 }, [0]);
 */
export const clientReconnect: Fault = {
  name: 'client-reconnect',
  kind: 'client',
  summary: 'the clients disconnect on their own for duration ms, then connect again',
  params: { duration: msParam('how long the clients stay disconnected', 1000, [100, 2000]) },
  scope: 'clients',
  describe: (params, clients) => `disconnect ${clients.join(', ')} on purpose for ${params.duration} ms`,
  unavailableReason: (context) =>
    context.clients.every(isReconnectable) ? undefined : 'the clients cannot disconnect on purpose (ChaosClient has no disconnect()/reconnect())',
  async inject(context, params, indices) {
    const clients = reconnectableClients(context, indices);
    for (const client of clients) client.disconnect();
    debug('%s disconnected for %d ms', clients.map((c) => c.name).join(','), params.duration);
    const reconnect = (): void => {
      clearTimeout(timer);
      for (const client of clients) client.reconnect();
    };
    const timer = setTimeout(reconnect, Number(params.duration));
    return { heal: async () => reconnect() };
  },
};
