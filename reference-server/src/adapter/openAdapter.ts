import { setTimeout as delay } from 'node:timers/promises';
// Types only: each backend's packages are imported where its adapter is made,
// so that a node without an adapter (one SQLite node, as most scenarios run)
// never loads ioredis, pg or the adapters (about half its start-up CPU).
import type { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import type { Redis, RedisOptions } from 'ioredis';
import type { AdapterConfig, AdapterName } from '../config.js';
import { createLogger, errorMessage } from '../log.js';
import { createTableRacing, redact } from '../store/postgresStore.js';

const log = createLogger('adapter');

/** How long a starting node waits for the adapter's backend before it carries on without it (it delivers by polling meanwhile). */
const CONNECT_WAIT_MS = 2000;

/** The postgres adapter's errors give a warning at most this often. */
const PG_WARN_EVERY_MS = 5000;

/** The `io.adapter(...)` argument: what each adapter package's `createAdapter` returns. */
export type AdapterFactory = ReturnType<typeof createRedisAdapter>;

/** A node's adapter to the other nodes, and the clients it holds. */
export interface NodeAdapter {
  readonly kind: AdapterName | 'cluster';
  /** Give it to `io.adapter()`. */
  readonly factory: AdapterFactory;
  /** Closes the adapter's clients; call after `io.close()`. */
  close(): Promise<void>;
}

/** How the adapter's clients treat their errors. */
export interface AdapterOptions {
  /**
   * Listen to the `error` events of the adapter's clients (log them; the
   * clients reconnect by themselves). False for the `no-adapter-error-listener`
   * bug: an error event is thrown, as an EventEmitter does when nobody listens.
   */
  errorListeners: boolean;
}

/**
 * Opens the clients of the Socket.IO adapter `config` names: ioredis pub and
 * sub clients for `redis`, one ioredis client for `redis-streams`, a pg pool
 * for `postgres`. A backend that is down never kills the node: errors are
 * logged once per outage, and ioredis reconnects and resubscribes; commands
 * wait for the connection instead of failing (the adapters do not catch
 * every rejection). A backend unreachable at start is waited for a short
 * while, then the node starts anyway.
 *
 * @example
 * const adapter = await openAdapter({ kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: 'run1' }, { errorListeners: true });
 * io.adapter(adapter.factory);
 * // ... on shutdown, after io.close():
 * await adapter.close();
 */
export async function openAdapter(config: AdapterConfig, options: AdapterOptions): Promise<NodeAdapter> {
  if (config.kind === 'postgres') return openPostgresAdapter(config, options);
  const { Redis } = await import('ioredis');
  const main = new Redis(config.url, REDIS_OPTIONS);
  watchRedis(main, 'redis', config.url, options);
  if (config.kind === 'redis') {
    const sub = main.duplicate();
    watchRedis(sub, 'redis subscriber', config.url, options);
    await reachable(config, Promise.all([ready(main), ready(sub)]));
    const { createAdapter: createRedisAdapter } = await import('@socket.io/redis-adapter');
    return {
      kind: config.kind,
      factory: createRedisAdapter(main, sub, { key: config.prefix }),
      close: async () => {
        await Promise.all([closeRedis(main), closeRedis(sub)]);
      },
    };
  }
  await reachable(config, ready(main));
  const { createAdapter: createRedisStreamsAdapter } = await import('@socket.io/redis-streams-adapter');
  return {
    kind: config.kind,
    factory: createRedisStreamsAdapter(main, {
      streamName: keyUnder(config.prefix, 'stream'),
      channelPrefix: config.prefix,
      sessionKeyPrefix: keyUnder(config.prefix, 'session:'),
    }) as unknown as AdapterFactory,
    close: () => closeRedis(main),
  };
}

/** `name` under the prefix: `run1:stream`, or `siochaos:42:7:stream` for a prefix that ends with its separator. */
function keyUnder(prefix: string, name: string): string {
  return prefix.endsWith(':') ? `${prefix}${name}` : `${prefix}:${name}`;
}

/**
 * A node:cluster worker's adapter (@socket.io/cluster-adapter): it talks to
 * the other workers through the primary, which runs `setupPrimary()`.
 *
 * @example
 * if (cluster.isWorker) io.adapter((await clusterAdapter()).factory);
 */
export async function clusterAdapter(): Promise<NodeAdapter> {
  const { createAdapter: createClusterAdapter } = await import('@socket.io/cluster-adapter');
  return { kind: 'cluster', factory: createClusterAdapter() as unknown as AdapterFactory, close: async () => {} };
}

const REDIS_OPTIONS: RedisOptions = {
  // Commands wait for the connection however long it is gone: a rejection the
  // adapter does not catch would be an unhandled rejection.
  maxRetriesPerRequest: null,
  retryStrategy: (attempt) => Math.min(100 * attempt, 1000),
  connectTimeout: 2000,
};

/** Logs a client's errors once per outage (or, for the bug, throws them), and its recoveries. */
function watchRedis(client: Redis, what: string, url: string, options: AdapterOptions): void {
  let down = false;
  if (options.errorListeners) {
    client.on('error', (err: Error) => {
      if (down) return log.debug('%s at %s: %s', what, redact(url), errorMessage(err));
      down = true;
      log.warn('%s at %s failed: %s (reconnecting; rows still reach this node\'s clients through the table)', what, redact(url), errorMessage(err));
    });
  } else {
    // node-redis, and any EventEmitter, throw an `error` event nobody listens to; ioredis only prints it.
    client.on('error', (err: Error) => {
      throw err;
    });
  }
  client.on('ready', () => {
    if (down) log.warn('%s at %s is back', what, redact(url));
    down = false;
  });
}

/** Resolves on the client's first `ready` (events.once would reject on its first `error`, which an outage is). */
function ready(client: Redis): Promise<void> {
  return new Promise((resolve) => client.once('ready', () => resolve()));
}

async function reachable(config: AdapterConfig, ready: Promise<unknown>): Promise<void> {
  const connected = await Promise.race([ready.then(() => true), delay(CONNECT_WAIT_MS).then(() => false)]);
  if (connected) log.debug('%s adapter connected to %s (prefix %s)', config.kind, redact(config.url), config.prefix);
  else log.warn('%s adapter cannot reach %s yet: starting anyway, rows reach this node by polling the table', config.kind, redact(config.url));
}

async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await Promise.race([client.quit().catch(() => undefined), delay(500)]);
  client.disconnect();
}

async function openPostgresAdapter(config: AdapterConfig, options: AdapterOptions): Promise<NodeAdapter> {
  const [{ default: pg }, { createAdapter: createPostgresAdapter }] = await Promise.all([import('pg'), import('@socket.io/postgres-adapter')]);
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 3,
    connectionTimeoutMillis: 2000,
    query_timeout: 5000,
    keepAlive: true,
    application_name: `siochaos-adapter:${config.prefix}`.slice(0, 63),
  });
  // pg says nothing when it is back: a warning at most every few seconds, the rest as debug lines.
  let warnedAt = -Infinity;
  const onError = (err: Error) => {
    if (Date.now() - warnedAt < PG_WARN_EVERY_MS) return log.debug('postgres adapter at %s: %s', redact(config.url), errorMessage(err));
    warnedAt = Date.now();
    log.warn('postgres adapter at %s failed: %s (it reconnects; rows still reach this node\'s clients through the table)', redact(config.url), errorMessage(err));
  };
  if (options.errorListeners) {
    pool.on('error', onError);
    // The adapter's LISTEN client is checked out for good, and a checked-out
    // pg client without an error listener throws when its connection drops.
    pool.on('connect', (client) => client.on('error', onError));
  }
  // For payloads over NOTIFY's limit; ours are small, but its cleanup reads it.
  const attachments = `${config.prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_attachments`;
  try {
    await createTableRacing(
      pool,
      `CREATE TABLE IF NOT EXISTS ${attachments} (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`,
    );
    log.debug('postgres adapter connected to %s (prefix %s)', redact(config.url), config.prefix);
  } catch (err) {
    log.warn('postgres adapter cannot reach %s yet (%s): starting anyway, rows reach this node by polling the table', redact(config.url), errorMessage(err));
  }
  const factory = createPostgresAdapter(pool, {
    channelPrefix: config.prefix,
    tableName: attachments,
    errorHandler: onError,
  });
  return {
    kind: config.kind,
    factory: factory as unknown as AdapterFactory,
    close: () => Promise.race([pool.end().catch(() => undefined), delay(1000)]),
  };
}
