import { refusalReason } from '../../protocol/refusalReason.js';
import type { OutgoingMessage, StrategyContext } from '../Strategy.js';

/**
 * Records the outcome of an acknowledged attempt: `ok` for a positive ack,
 * `reject` with the server's reason when the target refused the message (a
 * refusal is the server's answer, not the client giving up).
 *
 * @example
 * recordAck(context, message, 2, []);                    // { type: 'ok', attempt: 2, ack: 'server' }
 * recordAck(context, message, 1, [{ error: 'too long' }]); // { type: 'reject', attempt: 1, reason: 'too long' }
 */
export function recordAck(context: StrategyContext, message: OutgoingMessage, attempt: number, args: readonly unknown[]): void {
  if (context.protocol.isPositiveAck(args)) {
    context.record({ type: 'ok', client: context.client, msg: message.msg, attempt, ack: 'server' });
  } else {
    context.record({ type: 'reject', client: context.client, msg: message.msg, attempt, reason: refusalReason(args) });
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
