import { createLogger, errorMessage } from '../log.js';
import type { AckCallback } from './parseChatMessage.js';

const log = createLogger('chat');

/**
 * A message's ack, sent at most once, remembering whether it was sent (bugs
 * that ack early must not ack again). A socket that has gone, or a client that
 * emitted without an ack function, makes it a no-op.
 *
 * @example
 * const ack = new Ack(callback);
 * ack.send(); // the client's emitWithAck resolves
 * ack.sent; // true
 */
export class Ack {
  #sent = false;

  constructor(readonly callback: AckCallback | undefined) {}

  get sent(): boolean {
    return this.#sent;
  }

  /** Positive ack: no arguments. */
  send(): void {
    this.#call();
  }

  /** Rejection: `{ error }`. */
  reject(error: string): void {
    this.#call({ error });
  }

  #call(...args: unknown[]): void {
    if (this.#sent) return;
    this.#sent = true;
    if (!this.callback) return;
    try {
      this.callback(...args);
    } catch (err) {
      log.warn('ack callback threw: %s', errorMessage(err));
    }
  }
}
