import createDebug from 'debug';

const debug = createDebug('siochaos:toxiproxy');

/**
 * How long one call to Toxiproxy's API may take (ms) before siochaos gives up
 * on it. A call takes milliseconds; but the API is known to hang when toxics
 * are removed under heavy traffic (Shopify/toxiproxy#412, #254), and a call
 * that never returns would hang the scenario with it.
 */
export const TOXIPROXY_CALL_TIMEOUT_MS = 10_000;

/**
 * A call to Toxiproxy's API that failed: no answer in time (`timedOut`), no
 * connection, or an HTTP error status (`status`).
 *
 * @example
 * try { await toxiproxyCall(url, 'DELETE', '/proxies/p/toxics/t'); }
 * catch (err) { if (err instanceof ToxiproxyCallError && err.timedOut) console.error(err.message); }
 */
export class ToxiproxyCallError extends Error {
  constructor(
    message: string,
    /** Whether the call got no answer within its time. */
    readonly timedOut: boolean,
    /** The HTTP status, when Toxiproxy answered with an error. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ToxiproxyCallError';
  }
}

/** Options of {@link toxiproxyCall}. */
export interface ToxiproxyCallOptions {
  /** A JSON body to send. */
  body?: unknown;
  /** Give up after this many ms (default {@link TOXIPROXY_CALL_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Statuses besides 2xx that are not an error (e.g. 404 when removing what may be gone). */
  accept?: readonly number[];
}

/**
 * Calls Toxiproxy's HTTP API, bounded in time: every call siochaos makes to
 * Toxiproxy goes through it.
 *
 * @returns the status and the parsed JSON body (undefined when empty).
 * @throws ToxiproxyCallError when it does not answer within `timeoutMs`, cannot be reached, or answers an error status.
 * @example
 * const { body } = await toxiproxyCall<{ enabled: boolean }>('http://127.0.0.1:8474', 'GET', '/proxies/siochaos-1-client0');
 */
export async function toxiproxyCall<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: ToxiproxyCallOptions = {},
): Promise<{ status: number; body: T | undefined }> {
  const timeoutMs = options.timeoutMs ?? TOXIPROXY_CALL_TIMEOUT_MS;
  const what = `${method} ${path}`;
  const started = Date.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await response.text();
    debug('%s -> %d in %d ms', what, response.status, Date.now() - started);
    if (!response.ok && !options.accept?.includes(response.status)) {
      throw new ToxiproxyCallError(`Toxiproxy at ${baseUrl} answered ${what} with HTTP ${response.status}: ${text.trim() || response.statusText}`, false, response.status);
    }
    return { status: response.status, body: text ? (JSON.parse(text) as T) : undefined };
  } catch (err) {
    if (err instanceof ToxiproxyCallError) throw err;
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new ToxiproxyCallError(
        `Toxiproxy at ${baseUrl} did not answer ${what} within ${timeoutMs} ms (its API can hang when toxics are removed under heavy traffic, Shopify/toxiproxy#412): restart toxiproxy-server, or lower the scenario's traffic`,
        true,
      );
    }
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new ToxiproxyCallError(`Toxiproxy at ${baseUrl} cannot be reached for ${what} (${cause}): check that toxiproxy-server runs, or TOXIPROXY_URL`, false);
  }
}
