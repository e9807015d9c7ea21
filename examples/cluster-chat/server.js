import cluster from 'node:cluster';
import { createAdapter, setupPrimary } from '@socket.io/cluster-adapter';
import { Server } from 'socket.io';
import { openSqliteStore } from '../tutorial-chat/sqliteStore.js';
import { attachNodeChat } from './nodeChat.js';
import { chatHttpServer, fail, serveNode } from './nodeServer.js';

// The Socket.IO tutorial's step 9 ("Horizontal scaling": node:cluster, one
// worker per port, @socket.io/cluster-adapter), with its delivery guarantees
// kept: see nodeChat.js and README.md. PORTS is the workers' ports,
// comma-separated (default 3000,3001,3002); DB_FILE the SQLite file they share
// (default chat.db). A worker that dies is started again on its port.

const dbFile = process.env.DB_FILE ?? 'chat.db';

if (cluster.isPrimary) {
  const ports = (process.env.PORTS ?? '3000,3001,3002').split(',').map(Number);
  if (ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)) fail(`PORTS=${process.env.PORTS} is not a list of ports: use e.g. 3000,3001,3002`);
  // The primary makes the schema (and WAL) before any worker opens the file: workers starting together would race for it.
  const store = await openSqliteStore(dbFile, { unique: true }).catch((err) => fail(`${err.message}: check DB_FILE`));
  await store.close();

  const envOf = new Map();
  let stopping = false;
  const fork = (env) => envOf.set(cluster.fork(env).id, env);
  ports.forEach((port, i) => fork({ PORT: String(port), NODE_NAME: `n${i}` }));
  cluster.on('exit', (worker, code, signal) => {
    const env = envOf.get(worker.id);
    envOf.delete(worker.id);
    if (stopping) return;
    console.error(`worker ${env.NODE_NAME} (pid ${worker.process.pid}) ended (${signal ?? `code ${code}`}): starting it again on port ${env.PORT}`);
    fork(env);
  });
  // The adapter's messages between workers go through the primary.
  setupPrimary();
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} else {
  const node = process.env.NODE_NAME;
  const port = Number(process.env.PORT);
  const store = await openSqliteStore(dbFile, { unique: true }).catch((err) => fail(`${err.message}: check DB_FILE`));
  const httpServer = await chatHttpServer();
  // No connectionStateRecovery: the cluster adapter cannot recover a session (socket.recovered is never true with it).
  const io = new Server(httpServer, { adapter: createAdapter() });
  const chat = await attachNodeChat(io, store, { log: process.env.CHAT_DEBUG ? (...args) => console.log(`[${node}]`, ...args) : undefined });
  serveNode({ httpServer, io, chat, node, port, about: `store ${dbFile}`, fail, close: () => store.close() });
}
