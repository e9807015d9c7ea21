import type { ClientStrategy, StrategyFactory } from '../Strategy.js';

/**
 * `at-most-once`: a plain emit, as Socket.IO does by default. The client never
 * waits for the ack, so the emit returning is its `ok` (`ack: 'local'`); a
 * packet lost on the wire is lost for good.
 *
 * @example
 * const strategy = atMostOnce({ ackTimeoutMs: 1000, retries: 0 });
 */
export const atMostOnce: StrategyFactory = (): ClientStrategy => ({
  name: 'at-most-once',
  socketOptions: {},
  async send(context, message) {
    const { socket, protocol } = context;
    // The tutorial's server wants an ack callback; this client ignores what it says.
    socket.emit(protocol.sendEvent, ...protocol.encodeSend(message.content, message.msg), () => {});
    context.record({ type: 'ok', client: context.client, msg: message.msg, attempt: 1, ack: 'local' });
  },
});
