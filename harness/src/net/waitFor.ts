/**
 * Polls `probe` every `intervalMs` until it returns a value other than
 * undefined, `timeoutMs` has passed, or `signal` is aborted.
 *
 * @returns the probe's value, or undefined on timeout or abort.
 * @example
 * const version = await waitFor(() => fetchVersion().catch(() => undefined), 5000);
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 50,
  signal?: AbortSignal,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline || signal?.aborted) return undefined;
    await sleep(intervalMs, signal);
  }
}

/**
 * Resolves after `ms` milliseconds, or at once when `signal` is aborted.
 *
 * @example
 * await sleep(100);
 * await sleep(60_000, campaign.signal); // over at Ctrl-C
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits for `work`, or stops waiting when `signal` is aborted and resolves
 * with `onAbort` (`work` goes on; a later rejection of it is ignored).
 *
 * @example
 * const connected = await untilAborted(client.waitConnected(10_000), signal, false);
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, onAbort: T): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.resolve(onAbort);
  return new Promise<T>((resolve, reject) => {
    const abort = () => resolve(onAbort);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
