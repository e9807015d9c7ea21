/**
 * Polls `probe` every `intervalMs` until it returns a value other than
 * undefined, or `timeoutMs` has passed.
 *
 * @returns the probe's value, or undefined on timeout.
 * @example
 * const version = await waitFor(() => fetchVersion().catch(() => undefined), 5000);
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(intervalMs);
  }
}

/**
 * Resolves after `ms` milliseconds.
 *
 * @example
 * await sleep(100);
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
