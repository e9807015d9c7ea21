import { LIMITS } from '../config.js';

/** The ack callback socket.io hands the event handler. */
export type AckCallback = (...args: unknown[]) => void;

/**
 * A `chat message` event, judged. `ack` is absent when the client emitted
 * without an ack function (Socket.IO's default emit): the message is still
 * handled, nobody is answered.
 */
export type ParsedChatMessage =
  | { kind: 'valid'; content: string; clientOffset: string; ack?: AckCallback }
  /** Bad arguments: answer `ack({ error: reason })` when there is an ack, store nothing. */
  | { kind: 'rejected'; reason: string; ack?: AckCallback };

/**
 * Judges the arguments of a `chat message` event: `(content, clientOffset, ack?)`.
 * The ack is the last argument when it is a function; a plain emit has none.
 *
 * @example
 * parseChatMessage(['hi', 'c0-1', ack]); // { kind: 'valid', content: 'hi', clientOffset: 'c0-1', ack }
 * parseChatMessage(['hi', 'c0-1']);      // { kind: 'valid', content: 'hi', clientOffset: 'c0-1' }
 * parseChatMessage([42, 'c0-1', ack]); // { kind: 'rejected', reason: 'content must be a string, got number', ack }
 */
export function parseChatMessage(args: readonly unknown[]): ParsedChatMessage {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as AckCallback) : undefined;
  const [content, clientOffset] = ack ? args.slice(0, -1) : args;
  const withAck = ack ? { ack } : {};
  const reason = problemWith(content, clientOffset);
  if (reason) return { kind: 'rejected', reason, ...withAck };
  return { kind: 'valid', content: content as string, clientOffset: clientOffset as string, ...withAck };
}

function problemWith(content: unknown, clientOffset: unknown): string | undefined {
  if (typeof content !== 'string') return `content must be a string, got ${typeName(content)}`;
  if (content.length > LIMITS.contentChars) {
    return `content is ${content.length} characters long, the limit is ${LIMITS.contentChars}`;
  }
  if (typeof clientOffset !== 'string') return `clientOffset must be a string, got ${typeName(clientOffset)}`;
  if (clientOffset.length === 0) return 'clientOffset must not be empty';
  if (clientOffset.length > LIMITS.clientOffsetChars) {
    return `clientOffset is ${clientOffset.length} characters long, the limit is ${LIMITS.clientOffsetChars}`;
  }
  return undefined;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
