import { once } from 'node:events';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { attachNodeChat } from '../cluster-chat/nodeChat.js';
import { chatHttpServer, fail, serveNode } from '../cluster-chat/nodeServer.js';
import { openPgStore } from '../postgres-chat/pgStore.js';

// One node of the tutorial's chat scaled out with the Redis Streams adapter,
// its messages in PostgreSQL shared by every node (see ../cluster-chat/nodeChat.js
// for how each node delivers). Run one process per node:
//   PORT          its port (default 3000)
//   NODE_NAME     its name in the log (default n0)
//   REDIS_URL     the Redis the nodes share (default redis://127.0.0.1:6379)
//   REDIS_PREFIX  a prefix for its stream, channels and session keys (default socket.io:)
//   DATABASE_URL  PostgreSQL (required)
//   CHAT_TABLE    the messages table (default messages)

const node = process.env.NODE_NAME ?? 'n0';
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${process.env.PORT} is not a port number: use 0-65535`);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail('DATABASE_URL is not set: point it at PostgreSQL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.REDIS_PREFIX ?? 'socket.io:';
const table = process.env.CHAT_TABLE ?? 'messages';

// Rows commit in id order across nodes (serialIds), so that each node publishes every row.
const store = await openPgStore(databaseUrl, { table, unique: true, serialIds: true }).catch((err) =>
  fail(`cannot use table ${table} at ${databaseUrl}: ${err.message}: check DATABASE_URL and that PostgreSQL is running`),
);

// Commands wait for the connection however long Redis is gone (the adapter does
// not catch every rejection), and errors are logged once per outage: an
// `error` event nobody listens to would end the node.
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(100 * attempt, 1000), connectTimeout: 2000 });
let redisDown = false;
redis.on('error', (err) => {
  if (!redisDown) console.error(`[${node}] redis at ${redisUrl} failed: ${err.message} (reconnecting; rows still reach this node's clients through the table)`);
  redisDown = true;
});
redis.on('ready', () => {
  if (redisDown) console.error(`[${node}] redis is back`);
  redisDown = false;
});
await Promise.race([once(redis, 'ready'), new Promise((resolve) => setTimeout(resolve, 3000))]);

const httpServer = await chatHttpServer();
const io = new Server(httpServer, {
  // Recovery works with this adapter, but a recovered session holds only what the adapter broadcast: nodeChat catches up every connection from the table.
  connectionStateRecovery: {},
  adapter: createAdapter(redis, { streamName: `${prefix}stream`, channelPrefix: prefix, sessionKeyPrefix: `${prefix}session:` }),
});
const chat = await attachNodeChat(io, store, { log: process.env.CHAT_DEBUG ? (...args) => console.log(`[${node}]`, ...args) : undefined }).catch((err) =>
  fail(`cannot read table ${table}: ${err.message}`),
);

serveNode({
  httpServer,
  io,
  chat,
  node,
  port,
  about: `table ${table}`,
  fail,
  close: () => {
    redis.disconnect();
    return store.close();
  },
});
