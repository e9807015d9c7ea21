import createDebug from 'debug';
import { SetupError } from '../errors/SetupError.js';
import { redactRedisUrl, redisAddress, redisPingFailure } from './redisClient.js';
import { ensureRedisServerBinary, type EnsureRedisServerOptions } from './redisServerBinary.js';
import { startRedisServer } from './redisServerProcess.js';
import type { RedisServer } from './redisServer.js';

export type { RedisServer } from './redisServer.js';
export { deleteRedisKeys, scenarioRedisPrefix } from './redisKeys.js';

const debug = createDebug('siochaos:redis');

/** Options of {@link provideRedis}. */
export interface ProvideRedisOptions extends EnsureRedisServerOptions {
  /** A running Redis to use instead of starting one; defaults to the environment's `REDIS_URL`. */
  url?: string;
}

/**
 * The Redis that `REDIS_URL` names, checked with a PING.
 *
 * @throws SetupError naming the URL (password hidden) and how to fix it when it does not answer.
 */
async function givenRedis(url: string): Promise<RedisServer> {
  const address = redisAddress(url);
  if (address === undefined) {
    throw new SetupError(`REDIS_URL=${redactRedisUrl(url)} is not a redis:// or rediss:// URL: set it to one like redis://127.0.0.1:6379, or unset it`);
  }
  const failure = await redisPingFailure(url);
  if (failure !== undefined) {
    throw new SetupError(`REDIS_URL=${redactRedisUrl(url)} does not answer (${failure}): start Redis there or unset REDIS_URL (siochaos then starts redis-server itself)`);
  }
  debug('using redis at %s', redactRedisUrl(url));
  return { url, address, owned: false, stop: async () => {} };
}

/**
 * Gives a Redis to use, found the way Toxiproxy is: the one at `REDIS_URL`
 * (it must answer a PING), else a `redis-server` from PATH started here on a
 * free loopback port with no persistence, else Debian's `redis-server`
 * installed with apt-get when root.
 *
 * @throws SetupError, one line saying how, when there is no Redis to be had.
 * @example
 * const redis = await provideRedis();
 * try {
 *   const prefix = scenarioRedisPrefix();
 *   // ... nodes use redis.url (or a proxy to redis.address) and prefix ...
 *   await deleteRedisKeys(redis.url, prefix);
 * } finally {
 *   await redis.stop();
 * }
 */
export async function provideRedis(options: ProvideRedisOptions = {}): Promise<RedisServer> {
  const url = options.url ?? (options.env ?? process.env).REDIS_URL;
  if (url) return givenRedis(url);
  const binary = await ensureRedisServerBinary(options);
  options.progress?.(`starting ${binary} on a free loopback port`);
  return startRedisServer(binary);
}
