import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';

const require = createRequire(import.meta.url);

/** Where the test servers find socket.io (they run from a temporary folder). */
export const SOCKET_IO = require.resolve('socket.io');

/** One node: answers every connection with `hello(node, pid)`. */
const NODE = `
const { createServer } = require('node:http');
const { Server } = require(process.env.SIO);
const http = createServer();
const io = new Server(http);
io.on('connection', (socket) => socket.emit('hello', process.env.NODE_NAME, process.pid));
http.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('node ' + process.env.NODE_NAME + ' up'));
process.on('SIGTERM', () => process.exit(0));
`;

/** node:cluster: one worker per port of PORTS (the first LISTEN of them, when set), started again when it dies (RESPAWN=1). */
const CLUSTER = `
const cluster = require('node:cluster');
if (cluster.isPrimary) {
  const ports = process.env.PORTS.split(',').slice(0, Number(process.env.LISTEN || Infinity));
  const envs = new Map();
  const fork = (env) => envs.set(cluster.fork(env).id, env);
  ports.forEach((port, i) => fork({ PORT: port, NODE_NAME: 'n' + i }));
  cluster.on('exit', (worker) => {
    const env = envs.get(worker.id);
    envs.delete(worker.id);
    if (process.env.RESPAWN === '1') fork(env);
  });
  console.log('primary ' + process.pid);
} else {
${NODE}
}
`;

/** One node with the Redis adapter (ioredis at REDIS_URL, keys under PREFIX): `shout(text)` is broadcast to every node's clients as `heard(text, node)`. */
const REDIS_NODE = `
const { createServer } = require('node:http');
const { Server } = require(process.env.SIO);
const { createAdapter } = require(process.env.REDIS_ADAPTER);
const Redis = require(process.env.IOREDIS);
const pub = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
const sub = pub.duplicate();
pub.on('error', () => {});
sub.on('error', () => {});
const http = createServer();
const io = new Server(http, { adapter: createAdapter(pub, sub, { key: process.env.PREFIX + 'socket.io' }) });
io.on('connection', (socket) => {
  socket.emit('hello', process.env.NODE_NAME, process.pid);
  socket.on('shout', (text) => io.emit('heard', text, process.env.NODE_NAME));
});
http.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('node ' + process.env.NODE_NAME + ' up'));
process.on('SIGTERM', () => process.exit(0));
`;

/** Where the Redis test server finds its packages. */
export const REDIS_NODE_ENV = { SIO: SOCKET_IO, REDIS_ADAPTER: require.resolve('@socket.io/redis-adapter'), IOREDIS: require.resolve('ioredis') };

/**
 * Writes the test servers into `dir`: `node.cjs` (one node on PORT),
 * `cluster.cjs` (node:cluster, a worker per port of PORTS) and
 * `redisNode.cjs` (one node with the Redis adapter).
 */
export async function writeServers(dir: string): Promise<{ node: string; cluster: string; redisNode: string }> {
  const files = { node: path.join(dir, 'node.cjs'), cluster: path.join(dir, 'cluster.cjs'), redisNode: path.join(dir, 'redisNode.cjs') };
  await writeFile(files.node, NODE);
  await writeFile(files.cluster, CLUSTER);
  await writeFile(files.redisNode, REDIS_NODE);
  return files;
}

/** Connects to a node and returns what it says: its name and PID. */
export function hello(port: number, timeoutMs = 5000): Promise<{ node: string; pid: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, timeout: timeoutMs });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no hello from port ${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('hello', (node: string, pid: number) => {
      clearTimeout(timer);
      socket.close();
      resolve({ node, pid });
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

/** {@link hello}, tried again until `withinMs` has passed (a node starting again refuses connections for a while). */
export async function helloWithin(port: number, withinMs: number): Promise<{ node: string; pid: number }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await hello(port, 2000);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Whether a PID is alive (a zombie counts as gone). */
/** A client of a node that keeps every `heard` text. */
export function listener(port: number): Promise<{ socket: Socket; heard: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
    const heard: string[] = [];
    socket.on('heard', (text: string) => heard.push(text));
    socket.once('hello', () => resolve({ socket, heard }));
    socket.once('connect_error', reject);
  });
}

export { processAlive } from '../../src/target/portOwner.js';
