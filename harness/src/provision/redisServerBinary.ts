import { siochaosCommand } from '../commandHint.js';
import { SetupError } from '../errors/SetupError.js';
import { findOnPath } from '../util/findOnPath.js';
import { aptGetInstall } from './aptGetInstall.js';

/** Options of {@link ensureRedisServerBinary}. */
export interface EnsureRedisServerOptions {
  /** Install Debian's `redis-server` with apt-get when none is on PATH and this process is root (default true). */
  install?: boolean;
  /** The environment to look in (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Whether this process may install packages (default: it runs as root). */
  root?: boolean;
  /** Where to say what is happening (the install takes a while). */
  progress?: (line: string) => void;
}

/**
 * The one line that says there is no Redis and how to get one.
 *
 * @example
 * redisServerMissing(); // 'redis-server not found on PATH and REDIS_URL not set: install it (as root: apt-get install redis-server) ...'
 */
export function redisServerMissing(): string {
  return (
    'redis-server not found on PATH and REDIS_URL not set: install it (as root: apt-get install redis-server, ' +
    `or run ${siochaosCommand('setup')} as root) or set REDIS_URL to a running Redis (e.g. redis://127.0.0.1:6379)`
  );
}

/**
 * Finds `redis-server` on PATH.
 *
 * @example
 * locateRedisServer(); // '/usr/bin/redis-server'
 */
export function locateRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findOnPath(['redis-server'], [], env.PATH);
}

/**
 * Makes sure `redis-server` is there: on PATH, else Debian's installed with
 * apt-get when this process is root.
 *
 * @returns its path.
 * @throws SetupError with one line saying how to get Redis when there is none.
 * @example
 * const binary = await ensureRedisServerBinary({ progress: console.log });
 */
export async function ensureRedisServerBinary(options: EnsureRedisServerOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const found = locateRedisServer(env);
  if (found) return found;
  await aptGetInstall({ ...options, env, package: 'redis-server', what: 'redis-server', takes: 'about 30 s', missing: redisServerMissing() });
  const installed = locateRedisServer(env);
  if (!installed) throw new SetupError(`apt-get installed redis-server but it is not on PATH: ${redisServerMissing()}`);
  options.progress?.(`installed ${installed}`);
  return installed;
}
