import type { ProtocolPromises } from '../model/promises.js';

/** A message as a protocol decodes it from a broadcast. */
export interface BroadcastMessage {
  content: string;
  /** The server offset the target attached. */
  offset: number;
}

/**
 * How a target speaks: event names, argument layout, what counts as a
 * positive ack, and how a reconnecting client asks for what it missed.
 *
 * @example
 * const args = tutorialProtocol.encodeSend('hello', 'c0-1'); // ['hello', 'c0-1']
 */
export interface Protocol {
  readonly name: string;
  /** The event a client emits to send a message. */
  readonly sendEvent: string;
  /** The event the target broadcasts stored messages with. */
  readonly broadcastEvent: string;
  /** The emit arguments (without the ack callback) for a message. */
  encodeSend(content: string, clientOffset: string): unknown[];
  /** The client offset in an outgoing packet's arguments, or undefined if it is not a send. */
  clientOffsetOf(args: readonly unknown[]): string | undefined;
  /** Reads a broadcast's arguments; undefined when they do not have the expected shape. */
  decodeBroadcast(args: readonly unknown[]): BroadcastMessage | undefined;
  /** Whether the ack's arguments (after the error slot) are a positive acknowledgement. */
  isPositiveAck(args: readonly unknown[]): boolean;
  /** The `auth` payload a client connects with, given the last server offset it has. */
  auth(lastOffset: number): Record<string, unknown>;
  /** What it promises (whether a server can refuse a message with a negative ack); without it, `{ refusals: true }`. */
  readonly promises?: ProtocolPromises;
}
