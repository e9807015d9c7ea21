import type { ClientStrategy, StrategyFactory } from '../Strategy.js';

/**
 * `at-most-once`: a plain emit, exactly as Socket.IO's default client sends
 * it: no ack function, so the server's handler gets none (a handler that calls
 * it anyway throws, and siochaos reports the server's death). The emit
 * returning is the client's `ok` (`ack: 'local'`); a packet lost on the wire
 * is lost for good.
 *
 * @example
 * const strategy = atMostOnce({ ackTimeoutMs: 1000, retries: 0 });
 */
export const atMostOnce: StrategyFactory = (): ClientStrategy => ({
  name: 'at-most-once',
  // One emit in the client's order, never again, and no server ack asked for.
  promises: { ordered: true, retries: 'none', ack: 'local' },
  socketOptions: {},
  async send(context, message) {
    const { socket, protocol } = context;
    socket.emit(protocol.sendEvent, ...protocol.encodeSend(message.content, message.msg));
    context.record({ type: 'ok', client: context.client, msg: message.msg, attempt: 1, ack: 'local' });
  },
});
