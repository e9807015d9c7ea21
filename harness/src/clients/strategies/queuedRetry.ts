import { retriesPromise } from '../../model/promises.js';
import type { ClientStrategy, OutgoingMessage, StrategyFactory } from '../Strategy.js';
import { recordAck, recordRetry } from './recordOutcome.js';

/**
 * `queued-retry`: socket.io-client's own `retries` + `ackTimeout`, as in the
 * tutorial. Messages leave one at a time, in order; the library re-sends the
 * head of its queue on an ack timeout and after a reconnect. Each re-send it
 * makes is recorded as a new attempt (seen through `onAnyOutgoing`).
 *
 * @example
 * const strategy = queuedRetry({ ackTimeoutMs: 1000, retries: 3 });
 */
export const queuedRetry: StrategyFactory = (options): ClientStrategy => {
  const wireSends = new Map<string, number>();
  const messages = new Map<string, OutgoingMessage>();
  return {
    name: 'queued-retry',
    promises: { ordered: true, retries: retriesPromise(options.retries), ack: 'server' },
    socketOptions: { ackTimeout: options.ackTimeoutMs, retries: options.retries },
    attach(context) {
      context.socket.onAnyOutgoing((event: string, ...args: unknown[]) => {
        if (event !== context.protocol.sendEvent) return;
        const msg = context.protocol.clientOffsetOf(args);
        const message = msg === undefined ? undefined : messages.get(msg);
        if (!message) return;
        const sends = (wireSends.get(message.msg) ?? 0) + 1;
        wireSends.set(message.msg, sends);
        if (sends > 1) {
          context.record({
            type: 'info',
            client: context.client,
            msg: message.msg,
            attempt: sends - 1,
            reason: 'no ack yet: socket.io-client re-sends it',
          });
          recordRetry(context, message, sends);
        }
      });
    },
    send(context, message) {
      const { socket, protocol } = context;
      messages.set(message.msg, message);
      return new Promise<void>((resolve) => {
        socket.emit(protocol.sendEvent, ...protocol.encodeSend(message.content, message.msg), (err: Error | null, ...rest: unknown[]) => {
          const attempt = Math.max(1, wireSends.get(message.msg) ?? 1);
          if (err) {
            context.record({ type: 'info', client: context.client, msg: message.msg, attempt, reason: err.message });
            context.record({
              type: 'fail',
              client: context.client,
              msg: message.msg,
              attempt,
              reason: `gave up after ${attempt} attempts (retries: ${options.retries})`,
            });
          } else {
            recordAck(context, message, attempt, rest);
          }
          messages.delete(message.msg);
          wireSends.delete(message.msg);
          resolve();
        });
      });
    },
  };
};
