/**
 * A `{ports}` command target (node:cluster) whose worker dies on its own is
 * heard: the exit names its node, carries the command's last stderr lines,
 * and a worker forked again on the same port is that node's process (its own
 * death heard too). A node crash siochaos causes is not an exit of the server's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../../src/net/waitFor.js';
import { commandNodesTarget } from '../../src/target/commandNodes.js';
import type { TargetExit } from '../../src/target/exitMonitor.js';
import { helloWithin, SOCKET_IO } from './commandNodesServers.js';

/** node:cluster, a worker per port of PORTS, forked again when it dies; a worker exits (code 3) when a client emits `die`. */
const DYING_CLUSTER = `
const cluster = require('node:cluster');
if (cluster.isPrimary) {
  const envs = new Map();
  const fork = (env) => envs.set(cluster.fork(env).id, env);
  process.env.PORTS.split(',').forEach((port, i) => fork({ PORT: port, NODE_NAME: 'n' + i }));
  cluster.on('exit', (worker) => fork(envs.get(worker.id)));
} else {
  const { createServer } = require('node:http');
  const { Server } = require(process.env.SIO);
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.emit('hello', process.env.NODE_NAME, process.pid);
    socket.on('die', () => {
      console.error('worker ' + process.env.NODE_NAME + ' dying on purpose: SQLITE_BUSY');
      process.exit(3);
    });
  });
  http.listen(Number(process.env.PORT), '127.0.0.1');
}
`;

let dir: string;
let server: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-worker-exit-'));
  server = path.join(dir, 'dying.cjs');
  await writeFile(server, DYING_CLUSTER);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Waits until `condition` holds; fails the test saying what did not happen. */
async function until(condition: () => boolean, what: string, withinMs = 5000): Promise<void> {
  if (!(await waitFor(() => condition() || undefined, withinMs))) throw new Error(`within ${withinMs} ms: ${what}`);
}

/** Makes the worker behind `port` exit on its own. */
function killFromInside(port: number): void {
  const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
  socket.on('connect', () => socket.emit('die'));
  socket.on('disconnect', () => socket.close());
}

it("a {ports} worker that exits on its own is a target exit of its node, and the worker forked again on its port is watched in its place", async () => {
  const target = commandNodesTarget({
    config: { kind: 'command', command: [process.execPath, server], env: { PORTS: '{ports}', SIO: SOCKET_IO }, nodes: 3 },
    database: undefined,
    dataDir: dir,
    logDir: path.join(dir, 'logs'),
    toxiproxyUrl: 'http://127.0.0.1:1',
    store: () => undefined,
    redis: () => Promise.reject(new Error('no Redis in this test')),
    redisPrefix: () => 'unused:',
  });
  const exits: TargetExit[] = [];
  try {
    await target.start();
    target.process!.onUnexpectedExit!((exit) => exits.push(exit));
    const port = target.nodes![1]!.address().port;
    const first = (await helloWithin(port, 5000)).pid;
    await until(() => target.nodes![1]!.process!.pid() === first, 'n1 found behind its port');

    killFromInside(port);
    await until(() => exits.length === 1, `n1's exit heard (exits: ${JSON.stringify(exits)})`);
    expect(exits[0]).toMatchObject({ node: 'n1', code: null, signal: null });
    expect(exits[0]!.stderr).toContain('worker n1 dying on purpose: SQLITE_BUSY');

    // Forked again on the same port: that node's process now, and its death is heard too.
    const second = (await helloWithin(port, 5000)).pid;
    expect(second).not.toBe(first);
    await until(() => target.nodes![1]!.process!.pid() === second, 'the new n1 found behind its port');
    killFromInside(port);
    await until(() => exits.length === 2, "the new n1's exit heard");
    expect(exits[1]).toMatchObject({ node: 'n1' });

    // A crash siochaos causes is not the server's.
    await target.nodes![2]!.process!.crash();
    await helloWithin(target.nodes![2]!.address().port, 5000);
    await target.stop();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(exits.map((exit) => exit.node)).toEqual(['n1', 'n1']);
  } finally {
    await target.stop();
  }
}, 30_000);
