/**
 * A `{ports}` command that takes one adapter URL per worker (`{adapterUrls}`)
 * gets a proxy per node to Redis: one worker can be cut from the adapter
 * alone (adapter faults apply), where with `{adapterUrl}` the workers share one.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { adapterUnavailable } from '../../src/faults/adapter/targetAdapterOf.js';
import { sleep, waitFor } from '../../src/net/waitFor.js';
import { deleteRedisKeys, provideRedis, scenarioRedisPrefix, type RedisServer } from '../../src/provision/redis.js';
import { commandNodesTarget } from '../../src/target/commandNodes.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import { listener, REDIS_NODE_ENV, writeServers } from './commandNodesServers.js';

/** node:cluster, a worker per port of PORTS, each the Redis test node (NODE_FILE) at its own URL of REDIS_URLS. */
const CLUSTER_REDIS = `
const cluster = require('node:cluster');
if (cluster.isPrimary) {
  const urls = process.env.REDIS_URLS.split(',');
  process.env.PORTS.split(',').forEach((port, i) => cluster.fork({ PORT: port, NODE_NAME: 'n' + i, REDIS_URL: urls[i] }));
} else {
  require(process.env.NODE_FILE);
}
`;

let dir: string;
let server: string;
let redisNode: string;
let toxiproxy: Awaited<ReturnType<typeof provideToxiproxy>>;
let redis: RedisServer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-url-lists-'));
  server = path.join(dir, 'clusterRedis.cjs');
  await writeFile(server, CLUSTER_REDIS);
  ({ redisNode } = await writeServers(dir));
  toxiproxy = await provideToxiproxy();
  redis = await provideRedis();
});
afterAll(async () => {
  await redis?.stop();
  await toxiproxy?.stop();
  await rm(dir, { recursive: true, force: true });
});


it('{adapterUrls}: each worker reaches Redis through a proxy of its own, so n1 alone can be cut from the adapter', async () => {
  const target = commandNodesTarget({
    config: {
      kind: 'command',
      command: [process.execPath, server],
      env: { ...REDIS_NODE_ENV, NODE_FILE: redisNode, PORTS: '{ports}', REDIS_URLS: '{adapterUrls}', PREFIX: '{redisPrefix}' },
      nodes: 3,
      adapter: 'redis',
    },
    database: undefined,
    dataDir: dir,
    logDir: path.join(dir, 'logs'),
    toxiproxyUrl: toxiproxy.url,
    store: () => undefined,
    redis: async () => ({ ...redis, owned: false, stop: async () => {} }),
    redisPrefix: scenarioRedisPrefix,
    deleteKeys: deleteRedisKeys,
  });
  const sockets: Socket[] = [];
  try {
    expect(adapterUnavailable('adapter-partition', target)).toBeUndefined();
    await target.start();
    const proxies = target.adapter!.proxies!();
    expect(proxies.size).toBe(3);
    const [n0, n1, n2] = await Promise.all(target.nodes!.map((node) => listener(node.address().port)));
    sockets.push(n0!.socket, n1!.socket, n2!.socket);
    // Every worker subscribed: a shout from n0 reaches n1 and n2.
    let k = 0;
    const heardEverywhere = await waitFor(() => {
      if (n1!.heard.length > 0 && n2!.heard.length > 0) return true;
      n0!.socket.emit('shout', `warm-${++k}`);
      return undefined;
    }, 10_000, 300);
    expect(heardEverywhere).toBe(true);

    await proxies.setEnabled(1, false);
    n0!.socket.emit('shout', 'cut');
    expect(await waitFor(() => (n2!.heard.includes('cut') ? true : undefined), 5000, 20)).toBe(true);
    await sleep(1000);
    expect(n1!.heard).not.toContain('cut');
  } finally {
    for (const socket of sockets) socket.close();
    await target.stop();
  }
}, 30_000);
