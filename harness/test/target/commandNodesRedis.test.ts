import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../../src/net/waitFor.js';
import { connectRedis } from '../../src/provision/redisClient.js';
import { deleteRedisKeys, provideRedis, scenarioRedisPrefix, type RedisServer } from '../../src/provision/redis.js';
import { commandNodesTarget } from '../../src/target/commandNodes.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import { listener, REDIS_NODE_ENV, writeServers } from './commandNodesServers.js';

let dir: string;
let redisNode: string;
let toxiproxy: Awaited<ReturnType<typeof provideToxiproxy>>;
let redis: RedisServer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-nodes-redis-'));
  ({ redisNode } = await writeServers(dir));
  toxiproxy = await provideToxiproxy();
  redis = await provideRedis();
});
afterAll(async () => {
  await redis?.stop();
  await toxiproxy?.stop();
  await rm(dir, { recursive: true, force: true });
});


/** Shouts `text-1`, `text-2`, ... on `from` until `heard` has one of them. */
function shoutUntilHeard(from: Socket, heard: string[], text: string, withinMs: number): Promise<true | undefined> {
  let n = 0;
  return waitFor(
    () => {
      if (heard.some((h) => h.startsWith(text))) return true;
      from.emit('shout', `${text}-${++n}`);
      return undefined;
    },
    withinMs,
    300,
  );
}

async function proxyNames(): Promise<string[]> {
  const response = await fetch(`${toxiproxy.url}/proxies`);
  return Object.keys((await response.json()) as Record<string, unknown>);
}

describe('command target with nodes and the Redis adapter', () => {
  it('gives each node its own proxy to Redis: cutting n1 alone makes it miss what n0 broadcasts, until healed; stop removes every proxy', async () => {
    let prefix = '';
    const before = await proxyNames();
    const target = commandNodesTarget({
      config: {
        kind: 'command',
        command: [process.execPath, redisNode],
        env: { ...REDIS_NODE_ENV, PORT: '{port}', NODE_NAME: '{node}', REDIS_URL: '{redisUrl}', PREFIX: '{redisPrefix}' },
        nodes: 2,
        adapter: 'redis',
        readyLog: 'up',
      },
      database: undefined,
      dataDir: dir,
      logDir: path.join(dir, 'logs'),
      toxiproxyUrl: toxiproxy.url,
      store: () => undefined,
      redis: async () => redis,
      redisPrefix: () => (prefix = scenarioRedisPrefix()),
      deleteKeys: deleteRedisKeys,
    });
    const sockets: Socket[] = [];
    try {
      await target.start();
      expect(target.adapter?.kind).toBe('redis');
      const proxies = target.adapter!.proxies!();
      expect(proxies.size).toBe(2);
      expect(new Set(proxies.entries.map((e) => e.port)).size).toBe(2);
      const [a, b] = await Promise.all(target.nodes!.map((node) => listener(node.address().port)));
      sockets.push(a!.socket, b!.socket);

      // Through Redis: n0's broadcast reaches n1's client (once n1 has subscribed: shouted until it hears).
      expect(await shoutUntilHeard(a!.socket, b!.heard, 'one', 10_000)).toBe(true);
      // The adapter's channel carries the scenario's prefix.
      const probe = await connectRedis(redis.url);
      try {
        const channels = await probe.pubsub('CHANNELS', `${prefix}*`);
        expect(channels.length).toBeGreaterThan(0);
      } finally {
        probe.disconnect();
      }

      // n1 cut from Redis: it no longer hears n0's broadcasts; n0's own client still does.
      await proxies.setEnabled(1, false);
      a!.socket.emit('shout', 'two');
      expect(await waitFor(() => (a!.heard.includes('two') ? true : undefined), 5000, 20)).toBe(true);
      await sleep(1000);
      expect(b!.heard).not.toContain('two');

      // Healed: ioredis reconnects and subscribes again; n1 hears again.
      await proxies.setEnabled(1, true);
      const back = await shoutUntilHeard(a!.socket, b!.heard, 'three', 15_000);
      expect(back).toBe(true);
      expect(b!.heard).not.toContain('two');
    } finally {
      for (const socket of sockets) socket.close();
      await target.stop();
    }
    expect(await proxyNames()).toEqual(before);
  }, 60_000);
});
