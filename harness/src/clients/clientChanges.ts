import { waitFor } from '../net/waitFor.js';
import { legacyScenarioSetup } from '../util/legacySetup.js';

/** How often a wait looks again when no change was told (a change missed costs at most this). */
const FALLBACK_POLL_MS = 250;

/** How often the legacy waits polled, with nothing told (`SIOCHAOS_LEGACY_SCENARIO_SETUP=1`). */
const LEGACY_POLL_MS = 20;

/**
 * Tells waits on a client that something changed (a connect, a disconnect, a
 * broadcast, a message done with), so that a wait ends as soon as its
 * condition holds rather than at the next poll. A wait still looks every
 * {@link FALLBACK_POLL_MS} on its own.
 *
 * @example
 * const changes = new ClientChanges();
 * socket.on('connect', () => changes.tell());
 * await changes.until(() => (socket.connected ? true : undefined), 10_000, signal);
 */
export class ClientChanges {
  readonly #waiting = new Set<() => void>();

  /** Wakes every wait, which looks at its condition again. */
  tell(): void {
    for (const wake of [...this.#waiting]) wake();
  }

  /**
   * Resolves with `probe`'s value once it is not undefined; undefined after
   * `timeoutMs` or when `signal` is aborted.
   */
  async until<T>(probe: () => T | undefined, timeoutMs: number, signal?: AbortSignal): Promise<T | undefined> {
    if (legacyScenarioSetup()) return waitFor(probe, timeoutMs, LEGACY_POLL_MS, signal);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#waiting.delete(wake);
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, FALLBACK_POLL_MS));
        this.#waiting.add(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }
}
