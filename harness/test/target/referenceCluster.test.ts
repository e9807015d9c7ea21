/**
 * The reference target with the cluster adapter: one node:cluster process, a
 * worker per node found behind its port. A crashed worker dies alone (the
 * others keep serving) and stays down until its node is restarted; a worker
 * killed from outside is a target exit of its node, with its signal; the
 * adapter and node-db-down faults say why they do not apply.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapterUnavailable } from '../../src/faults/adapter/targetAdapterOf.js';
import { nodeDbDown } from '../../src/faults/node/nodeDbDown.js';
import { portOpen } from '../../src/net/portOpen.js';
import { waitFor } from '../../src/net/waitFor.js';
import type { TargetExit } from '../../src/target/exitMonitor.js';
import { processAlive } from '../../src/target/portOwner.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-ref-cluster-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function until(condition: () => boolean, what: string, withinMs = 8000): Promise<void> {
  if (!(await waitFor(() => condition() || undefined, withinMs))) throw new Error(`within ${withinMs} ms: ${what}`);
}

/** Sends one message to a node and resolves with its ack (or 'timeout'). */
async function send(port: number, text: string): Promise<unknown> {
  const socket: Socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return await socket.timeout(3000).emitWithAck('chat message', text, text).catch(() => 'timeout');
  } finally {
    socket.close();
  }
}

it('runs one process with a worker per node: a crashed worker dies alone and comes back on its port when its node restarts; a kill from outside is that node\'s exit', async () => {
  const target = referenceServerTarget({ dataDir: dir, nodes: 3, adapter: 'cluster', failpoints: true });
  expect(target.nodes!.map((node) => node.name)).toEqual(['n0', 'n1', 'n2']);
  expect(target.database.kind).toBe('sqlite');
  expect(adapterUnavailable('adapter-partition', target)).toMatch(/the cluster adapter of target reference-server has no backend to cut/);
  expect(nodeDbDown.unavailableReason?.({ target } as never)).toMatch(/node-db-down/);
  const exits: TargetExit[] = [];
  try {
    await target.start();
    target.process.onUnexpectedExit!((exit) => exits.push(exit));
    const ports = target.nodes!.map((node) => node.address().port);
    await until(() => target.process.isRunning(), 'every worker found behind its port');
    const pids = target.nodes!.map((node) => node.process!.pid()!);
    expect(new Set([target.process.pid(), ...pids]).size).toBe(4);

    const n1 = target.nodes![1]!.process!;
    await n1.crash();
    expect(processAlive(pids[1]!)).toBe(false);
    expect(target.process.isRunning()).toBe(false);
    expect(await send(ports[0]!, 'on n0 while n1 is down')).not.toBe('timeout');
    expect(await send(ports[2]!, 'on n2 while n1 is down')).not.toBe('timeout');
    // It stays down: the primary does not fork it again by itself.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await portOpen('127.0.0.1', ports[1]!)).toBe(false);

    await n1.restart();
    expect(n1.pid()).not.toBe(pids[1]);
    expect(target.nodes![1]!.address().port).toBe(ports[1]);
    expect(await send(ports[1]!, 'on n1 again')).not.toBe('timeout');
    expect((await target.readStore()).map((row) => row.content)).toEqual(['on n0 while n1 is down', 'on n2 while n1 is down', 'on n1 again']);
    expect(exits).toEqual([]);

    // A failpoint siochaos armed kills the worker that reaches it (SIGKILL): not the server's crash.
    target.process.expectExit!('SIGKILL');
    await target.failpoints!.arm('after-insert-before-ack', 1);
    const n0 = target.nodes![0]!.process!.pid();
    expect(await send(ports[0]!, 'kills n0 at its failpoint')).toBe('timeout');
    await until(() => !processAlive(n0!), 'n0 killed by its failpoint');
    await target.process.restart();
    await target.failpoints!.disarm();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(exits).toEqual([]);
    // The other workers kept the mark (only a SIGKILL of theirs would be excused): cleared, as a heal before the point fired does.
    target.process.expectExit!(false);

    // A worker killed from outside: its node's exit, with the signal the primary saw.
    process.kill(target.nodes![2]!.process!.pid()!, 'SIGKILL');
    await until(() => exits.length === 1, 'n2\'s exit heard');
    expect(exits[0]).toMatchObject({ node: 'n2', code: null, signal: 'SIGKILL' });
    expect(target.logTail()).toMatch(/worker n2 \(pid \d+\) exited \(SIGKILL\)/);

    await target.process.restart();
    await until(() => target.process.isRunning(), 'n2 forked again');
    const everything = [target.process.pid()!, ...target.nodes!.map((node) => node.process!.pid()!)];
    await target.stop();
    expect(everything.filter(processAlive)).toEqual([]);
    expect(exits).toHaveLength(1);
  } finally {
    await target.stop();
  }
}, 60_000);
