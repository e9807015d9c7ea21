import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { io as connect } from 'socket.io-client';

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

/**
 * Writes the test servers into `dir`: `node.cjs` (one node on PORT) and
 * `cluster.cjs` (node:cluster, a worker per port of PORTS).
 */
export async function writeServers(dir: string): Promise<{ node: string; cluster: string }> {
  const node = path.join(dir, 'node.cjs');
  const cluster = path.join(dir, 'cluster.cjs');
  await writeFile(node, NODE);
  await writeFile(cluster, CLUSTER);
  return { node, cluster };
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
export { processAlive } from '../../src/target/portOwner.js';
