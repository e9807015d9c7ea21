import type { OutgoingMessage, StrategyContext } from '../Strategy.js';

/**
 * Records the outcome of an acknowledged attempt: `ok` for a positive ack,
 * `fail` when the target rejected the message.
 *
 * @example
 * recordAck(context, message, 2, []); // { type: 'ok', attempt: 2, ack: 'server' }
 */
export function recordAck(context: StrategyContext, message: OutgoingMessage, attempt: number, args: readonly unknown[]): void {
  if (context.protocol.isPositiveAck(args)) {
    context.record({ type: 'ok', client: context.client, msg: message.msg, attempt, ack: 'server' });
  } else {
    context.record({
      type: 'fail',
      client: context.client,
      msg: message.msg,
      attempt,
      reason: `rejected by the target: ${JSON.stringify(args[0])}`,
    });
  }
}

/**
 * Records a new attempt of a message that is being retried.
 *
 * @example
 * recordRetry(context, message, 2);
 */
export function recordRetry(context: StrategyContext, message: OutgoingMessage, attempt: number): void {
  context.record({
    type: 'invoke',
    client: context.client,
    msg: message.msg,
    seq: message.seq,
    content: message.content,
    attempt,
  });
}
