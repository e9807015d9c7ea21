/**
 * Broadcasts put off for a short while, keyed by client offset: the
 * `dup-ack-no-broadcast-lost` bug acks at once, broadcasts later, and lets a
 * retry of the same message cancel the pending broadcast.
 *
 * @example
 * const deferred = new DeferredBroadcasts(100);
 * deferred.schedule('c0-1', () => io.to('live').emit('chat message', 'hi', 7));
 * deferred.cancel('c0-1'); // true: nobody receives message 7 live
 */
export class DeferredBroadcasts {
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(readonly delayMs: number) {}

  /** Runs `send` after the delay unless `cancel(key)` comes first. */
  schedule(key: string, send: () => void): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      send();
    }, this.delayMs);
    this.#pending.set(key, timer);
  }

  /** Drops the pending broadcast for `key`; whether there was one. */
  cancel(key: string): boolean {
    const timer = this.#pending.get(key);
    if (timer === undefined) return false;
    clearTimeout(timer);
    this.#pending.delete(key);
    return true;
  }

  /** Drops every pending broadcast (on shutdown). */
  cancelAll(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
