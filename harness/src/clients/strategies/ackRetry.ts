import { retriesPromise } from '../../model/promises.js';
import type { ClientStrategy, StrategyFactory } from '../Strategy.js';
import { recordAck, recordRetry } from './recordOutcome.js';

/**
 * `ack-retry`: `socket.timeout(ms).emit(...)`, and emit again when the ack
 * times out. At least once, but not ordered: a later message can overtake a
 * retried one.
 *
 * @example
 * const strategy = ackRetry({ ackTimeoutMs: 1000, retries: Infinity });
 */
export const ackRetry: StrategyFactory = (options): ClientStrategy => ({
  name: 'ack-retry',
  // A later message can overtake one being retried: no send order.
  promises: { ordered: false, retries: retriesPromise(options.retries), ack: 'server' },
  socketOptions: {},
  async send(context, message) {
    const { socket, protocol } = context;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) recordRetry(context, message, attempt);
      const { error, args } = await new Promise<{ error: Error | null; args: unknown[] }>((resolve) => {
        socket
          .timeout(options.ackTimeoutMs)
          .emit(protocol.sendEvent, ...protocol.encodeSend(message.content, message.msg), (err: Error | null, ...rest: unknown[]) =>
            resolve({ error: err, args: rest }),
          );
      });
      if (!error) {
        recordAck(context, message, attempt, args);
        return;
      }
      context.record({ type: 'info', client: context.client, msg: message.msg, attempt, reason: 'ack timed out' });
      if (attempt > options.retries) {
        context.record({
          type: 'fail',
          client: context.client,
          msg: message.msg,
          attempt,
          reason: `gave up after ${attempt} attempts`,
        });
        return;
      }
    }
  },
});
