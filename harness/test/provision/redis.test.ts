import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SetupError } from '../../src/errors/SetupError.js';
import { freePort } from '../../src/net/freePort.js';
import { deleteRedisKeys, provideRedis, scenarioRedisPrefix, type RedisServer } from '../../src/provision/redis.js';
import { redisAddress, redisPingFailure } from '../../src/provision/redisClient.js';
import { fakeExecutable, scratchDir } from './fakeTools.js';

/** Whether a process with this PID exists (signal 0 checks without sending). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The real redis-server's folder only (no REDIS_URL): provideRedis must start one. */
const withRedisServer = (): NodeJS.ProcessEnv => ({ PATH: '/usr/bin:/bin' });

describe('provideRedis starting redis-server', () => {
  it('starts one on a free loopback port with no persistence that answers PING, and after stop() its process is gone', async () => {
    const redis = await provideRedis({ env: withRedisServer() });
    let stopped = false;
    try {
      expect(redis.owned).toBe(true);
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(redis.address).toBe(redis.url.slice('redis://'.length));
      expect(redis.pid).toBeGreaterThan(0);
      expect(readFileSync(`/proc/${redis.pid}/comm`, 'utf8').trim()).toBe('redis-server');
      expect(await redisPingFailure(redis.url)).toBeUndefined();
      const client = new Redis(redis.url);
      try {
        expect(await client.config('GET', 'save')).toEqual(['save', '']);
        expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
        expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
        const [, dir] = (await client.config('GET', 'dir')) as [string, string];
        expect(dir).toMatch(/siochaos-redis-/);
        await redis.stop();
        stopped = true;
        expect(alive(redis.pid!)).toBe(false);
        expect(existsSync(dir)).toBe(false);
      } finally {
        client.disconnect();
      }
      expect(await redisPingFailure(redis.url)).toMatch(/ECONNREFUSED/);
      await redis.stop(); // idempotent
    } finally {
      if (!stopped) await redis.stop();
    }
  });
});

describe('provideRedis with REDIS_URL', () => {
  let shared: RedisServer;
  beforeAll(async () => {
    shared = await provideRedis({ env: withRedisServer() });
  });
  afterAll(() => shared.stop());

  it('uses the Redis REDIS_URL names, does not own it, and leaves it running on stop()', async () => {
    const given = await provideRedis({ env: { PATH: '/nowhere', REDIS_URL: shared.url } });
    expect(given).toMatchObject({ url: shared.url, address: shared.address, owned: false });
    await given.stop();
    expect(alive(shared.pid!)).toBe(true);
    expect(await redisPingFailure(shared.url)).toBeUndefined();
  });

  it('refuses a REDIS_URL that does not answer with one line naming it (password hidden) and how to fix it', async () => {
    const port = await freePort();
    const error = await provideRedis({ env: { PATH: '/usr/bin', REDIS_URL: `redis://:secret@127.0.0.1:${port}/0` } }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SetupError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).not.toContain('secret');
    expect(message).toBe(
      `REDIS_URL=redis://:***@127.0.0.1:${port}/0 does not answer (connect ECONNREFUSED 127.0.0.1:${port}): start Redis there or unset REDIS_URL (siochaos then starts redis-server itself)`,
    );
  });

  it('refuses a REDIS_URL that is not a redis:// URL, and takes port 6379 when it names none', async () => {
    for (const REDIS_URL of ['localhost:6379', '127.0.0.1:6379', 'http://127.0.0.1:6379']) {
      await expect(provideRedis({ env: { REDIS_URL } })).rejects.toThrow(
        new SetupError(`REDIS_URL=${REDIS_URL} is not a redis:// or rediss:// URL: set it to one like redis://127.0.0.1:6379, or unset it`),
      );
    }
    expect(redisAddress('redis://localhost')).toBe('localhost:6379');
    expect(redisAddress('rediss://user:pw@[::1]:7000/3')).toBe('[::1]:7000');
  });

  it('gives the test run one Redis: the globalSetup put its URL into REDIS_URL, and provideRedis() returns it', async () => {
    expect(process.env.REDIS_URL).toMatch(/^rediss?:\/\//);
    const redis = await provideRedis();
    expect(redis).toMatchObject({ url: process.env.REDIS_URL, owned: false });
  });

  it('scenarioRedisPrefix is new on every call, and carries this process', () => {
    const prefixes = Array.from({ length: 1000 }, () => scenarioRedisPrefix());
    expect(new Set(prefixes).size).toBe(1000);
    for (const prefix of prefixes) expect(prefix).toMatch(new RegExp(`^siochaos:${process.pid}-[0-9a-f]{4}:\\d+:$`));
  });

  it('deleteRedisKeys deletes every key under its prefix, over many SCAN rounds, and nothing else', async () => {
    const mine = scenarioRedisPrefix();
    const other = scenarioRedisPrefix();
    const client = new Redis(shared.url);
    try {
      const pipeline = client.pipeline();
      for (let i = 0; i < 2500; i++) pipeline.set(`${mine}k${i}`, 'x');
      pipeline.xadd(`${mine}stream`, '*', 'a', '1');
      pipeline.set(`${other}k1`, 'y');
      pipeline.set(`${mine.slice(0, -1)}0:k`, 'z'); // siochaos:…:N0: shares N's digits, not its prefix
      pipeline.set('unprefixed', 'w');
      await pipeline.exec();
      expect(await deleteRedisKeys(shared.url, mine)).toBe(2501);
      expect(await client.keys(`${mine}*`)).toEqual([]);
      expect((await client.keys('*')).sort()).toEqual([`${other}k1`, `${mine.slice(0, -1)}0:k`, 'unprefixed'].sort());
      expect(await deleteRedisKeys(shared.url, mine)).toBe(0);
    } finally {
      await client.flushdb(); // our own redis-server, nobody else's
      client.disconnect();
    }
  });

  it('deleteRedisKeys takes glob characters in a prefix literally, and refuses an empty prefix', async () => {
    const client = new Redis(shared.url);
    try {
      await client.mset('a*[b]?:1', '1', 'a-any:1', '2', 'a*[b]?x', '3');
      expect(await deleteRedisKeys(shared.url, 'a*[b]?:')).toBe(1);
      expect((await client.keys('*')).sort()).toEqual(['a*[b]?x', 'a-any:1']);
      await expect(deleteRedisKeys(shared.url, '')).rejects.toThrow(/refuses an empty prefix/);
      expect(await client.dbsize()).toBe(2);
    } finally {
      await client.flushdb();
      client.disconnect();
    }
  });
});

describe('provideRedis without redis-server on PATH', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A fake apt-get logging its calls; on install it links the real redis-server into `bin`, as Debian's package puts /usr/bin/redis-server. */
  function fakeAptGet(bin: string, log: string): void {
    fakeExecutable(bin, 'apt-get', [`echo "$DEBIAN_FRONTEND $*" >> ${log}`, `if [ "$1" = install ]; then /bin/ln -s /usr/bin/redis-server ${bin}/redis-server; fi`].join('\n'));
  }

  it('when not root, does not call apt-get and says in one line how to get Redis', async () => {
    dir = scratchDir();
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'apt.log');
    fakeAptGet(bin, log);
    for (const options of [{ root: false }, { root: true, install: false }]) {
      const error = await provideRedis({ env: { PATH: bin }, ...options }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(SetupError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^redis-server not found on PATH and REDIS_URL not set: install it \(as root: apt-get install redis-server.*\) or set REDIS_URL/);
    }
    expect(existsSync(log)).toBe(false);
  });

  it("as root with apt-get, runs apt-get update then installs Debian's redis-server, and starts it", async () => {
    dir = scratchDir();
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'apt.log');
    fakeAptGet(bin, log);
    const said: string[] = [];
    const redis = await provideRedis({ env: { PATH: bin }, root: true, progress: (line) => said.push(line) });
    try {
      expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['noninteractive update', 'noninteractive install -y redis-server']);
      expect(said[0]).toMatch(/^redis-server not found: installing Debian's redis-server with apt-get \(apt-get update first/);
      expect(said).toContain(`installed ${path.join(bin, 'redis-server')}`);
      expect(redis.owned).toBe(true);
      expect(await redisPingFailure(redis.url)).toBeUndefined();
    } finally {
      await redis.stop();
    }
    expect(alive(redis.pid!)).toBe(false);
  });
});
