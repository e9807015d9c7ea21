import { Redis } from 'ioredis';

/** How long connecting to Redis, and each command, may take before siochaos gives up (ms). */
export const REDIS_TIMEOUT_MS = 2000;

/**
 * Opens a connection to the Redis at `url` that never waits long: it fails
 * at once when Redis is not there (no reconnects, no offline queue), and each
 * command has `timeoutMs`. Close it with `disconnect()`.
 *
 * @throws the connection's error when it cannot connect within `timeoutMs`.
 * @example
 * const redis = await connectRedis('redis://127.0.0.1:6379');
 * try { await redis.ping(); } finally { redis.disconnect(); }
 */
export async function connectRedis(url: string, timeoutMs = REDIS_TIMEOUT_MS): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
  });
  // Unheard, ioredis would print its errors; the socket's says more than connect()'s "Connection is closed.".
  let socketError: unknown;
  redis.on('error', (err: unknown) => (socketError ??= err));
  try {
    await redis.connect();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw socketError ?? err;
  }
}

/**
 * A Redis URL fit to print: its password replaced with `***`.
 *
 * @example
 * redactRedisUrl('redis://:secret@10.0.0.5:6379/2'); // 'redis://:***@10.0.0.5:6379/2'
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Whether the Redis at `url` answers a PING within `timeoutMs`.
 *
 * @returns undefined when it does, else why not, on one line.
 * @example
 * await redisPingFailure('redis://127.0.0.1:1'); // 'connect ECONNREFUSED 127.0.0.1:1'
 */
export async function redisPingFailure(url: string, timeoutMs = REDIS_TIMEOUT_MS): Promise<string | undefined> {
  let redis: Redis | undefined;
  try {
    redis = await connectRedis(url, timeoutMs);
    const answer = await redis.ping();
    return answer === 'PONG' ? undefined : `PING answered ${JSON.stringify(answer)}`;
  } catch (err) {
    return oneLine(err);
  } finally {
    redis?.disconnect();
  }
}

/** An error's message on one line (an aggregate's parts joined). */
function oneLine(err: unknown): string {
  const errors = err instanceof AggregateError ? err.errors : [err];
  const text = errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
  return (text || 'no answer').replace(/\s*\n\s*/g, ' | ');
}

/**
 * The `host:port` of a Redis URL (port 6379 when it has none), for a
 * Toxiproxy proxy's upstream.
 *
 * @returns undefined when it is not a `redis://` or `rediss://` URL with a host.
 * @example
 * redisAddress('redis://127.0.0.1:41327/0'); // '127.0.0.1:41327'
 * redisAddress('localhost:6379');            // undefined
 */
export function redisAddress(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if ((parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || !parsed.hostname) return undefined;
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}
