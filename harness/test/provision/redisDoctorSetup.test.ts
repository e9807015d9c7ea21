import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisCheck, targetNeedsRedis } from '../../src/core/doctorRedis.js';
import { SetupError } from '../../src/errors/SetupError.js';
import { freePort } from '../../src/net/freePort.js';
import { provideRedis, type RedisServer } from '../../src/provision/redis.js';
import { provisionAll } from '../../src/provision/setup.js';

// A redis-server of this file's own (not the run's), so that "given" and "started" differ.
let own: RedisServer;
beforeAll(async () => {
  own = await provideRedis({ env: { PATH: '/usr/bin:/bin' } });
});
afterAll(() => own.stop());

describe("doctor's redis check", () => {
  it('names the REDIS_URL it PINGed, password hidden, and says when Redis wants a password it was not given', async () => {
    expect(await redisCheck(true, { REDIS_URL: own.url })).toEqual({ name: 'redis', ok: true, detail: `REDIS_URL=${own.url} answered PING` });
    const client = new Redis(own.url);
    await client.config('SET', 'requirepass', 'secret');
    try {
      const withPassword = own.url.replace('redis://', 'redis://:secret@');
      expect(await redisCheck(true, { REDIS_URL: withPassword })).toEqual({ name: 'redis', ok: true, detail: `REDIS_URL=${own.url.replace('redis://', 'redis://:***@')} answered PING` });
      expect(await redisCheck(true, { REDIS_URL: own.url })).toMatchObject({ ok: false, detail: expect.stringMatching(/does not answer \(NOAUTH Authentication required\.\)/) });
    } finally {
      await client.config('SET', 'requirepass', '');
      client.disconnect();
    }
  });

  it('starts the redis-server on PATH, PINGs it and stops it', async () => {
    const check = await redisCheck(true, { PATH: '/usr/bin:/bin' });
    expect(check).toEqual({ name: 'redis', ok: true, detail: '/usr/bin/redis-server answered PING (siochaos starts its own on a free loopback port for a campaign, and stops it)' });
  });

  it('fails on a Redis that does not answer or is missing only when the target needs one', async () => {
    const REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
    expect(await redisCheck(true, { REDIS_URL })).toMatchObject({ ok: false, detail: expect.stringMatching(/^the target's nodes use Redis: REDIS_URL=.* does not answer/) });
    expect(await redisCheck(false, { REDIS_URL })).toMatchObject({ ok: true, detail: expect.stringMatching(/^none, and only targets whose nodes use Redis need one: REDIS_URL=/) });
    expect(await redisCheck(true, { PATH: '/nowhere' })).toMatchObject({ ok: false, detail: expect.stringMatching(/: redis-server not found on PATH and REDIS_URL not set: install it/) });
  });

  it('says a target needs Redis when it names a Redis adapter or a command takes {redisUrl}', () => {
    expect(targetNeedsRedis(undefined)).toBe(false);
    expect(targetNeedsRedis({ kind: 'reference' })).toBe(false);
    expect(targetNeedsRedis({ kind: 'reference', adapter: 'redis' })).toBe(true);
    expect(targetNeedsRedis({ kind: 'reference', adapter: 'redis-streams' })).toBe(true);
    expect(targetNeedsRedis({ kind: 'reference', adapter: 'postgres' })).toBe(false);
    expect(targetNeedsRedis({ kind: 'command', command: ['node', 'server.js', '--redis', '{redisUrl}'] })).toBe(true);
  });
});

describe("siochaos setup's Redis line", () => {
  it('says which REDIS_URL it uses once it answers, and refuses one that does not with one line', async () => {
    const said: string[] = [];
    vi.stubEnv('REDIS_URL', own.url);
    try {
      await provisionAll((line) => said.push(line));
      expect(said.at(-1)).toBe(`using REDIS_URL=${own.url} (answers PING)`);
      vi.stubEnv('REDIS_URL', `redis://127.0.0.1:${await freePort()}`);
      const error = await provisionAll(() => {}).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(SetupError);
      expect((error as Error).message).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:\d+ does not answer \(connect ECONNREFUSED [^\n]*\): start Redis there or unset REDIS_URL/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('without REDIS_URL, says where redis-server is', async () => {
    const said: string[] = [];
    vi.stubEnv('REDIS_URL', undefined);
    try {
      await provisionAll((line) => said.push(line));
    } finally {
      vi.unstubAllEnvs();
    }
    expect(said.at(-1)).toMatch(/^redis-server ready at \/.*redis-server$/);
  });
});
