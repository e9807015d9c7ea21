import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portOpen } from '../../src/net/portOpen.js';
import { commandNodesTarget, type CommandNodesOptions } from '../../src/target/commandNodes.js';
import type { Target } from '../../src/target/Target.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import { hello, processAlive, SOCKET_IO, writeServers } from './commandNodesServers.js';

let dir: string;
let servers: { node: string; cluster: string };
let toxiproxy: Awaited<ReturnType<typeof provideToxiproxy>>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-nodes-'));
  servers = await writeServers(dir);
  toxiproxy = await provideToxiproxy();
});
afterAll(async () => {
  await toxiproxy?.stop();
  await rm(dir, { recursive: true, force: true });
});

function nodesTarget(config: CommandNodesOptions['config']): Target {
  return commandNodesTarget({
    config,
    database: undefined,
    dataDir: dir,
    logDir: path.join(dir, 'logs'),
    toxiproxyUrl: toxiproxy.url,
    store: () => undefined,
    redis: () => Promise.reject(new Error('no Redis in this test')),
    redisPrefix: () => 'unused:',
  });
}

/** The node:cluster test server as a 3-node target, its worker per port of {ports}. */
const clusterTarget = (env: Record<string, string>, more: Partial<CommandNodesOptions['config']>) =>
  nodesTarget({ kind: 'command', command: [process.execPath, servers.cluster], env: { PORTS: '{ports}', SIO: SOCKET_IO, ...env }, nodes: 3, ...more });

const ports = (target: Target) => target.nodes!.map((node) => node.address().port);

describe('command target with nodes: N commands ({port})', () => {
  it('starts every node on its own port, crashes and restarts one alone, and stop leaves nothing', async () => {
    const target = nodesTarget({
      kind: 'command',
      command: [process.execPath, servers.node],
      env: { PORT: '{port}', NODE_NAME: '{node}', SIO: SOCKET_IO },
      nodes: 3,
    });
    try {
      const first = await target.start();
      expect(target.nodes!.map((node) => node.name)).toEqual(['n0', 'n1', 'n2']);
      expect(first.port).toBe(target.nodes![0]!.address().port);
      expect(new Set(ports(target)).size).toBe(3);
      const said = await Promise.all(ports(target).map((port) => hello(port)));
      expect(said.map((s) => s.node)).toEqual(['n0', 'n1', 'n2']);
      // Each node's process is the one behind its port, three different processes.
      expect(said.map((s) => s.pid)).toEqual(target.nodes!.map((node) => node.process!.pid()));
      expect(new Set(said.map((s) => s.pid)).size).toBe(3);

      await target.nodes![1]!.process!.crash();
      expect(processAlive(said[1]!.pid)).toBe(false);
      expect(await portOpen('127.0.0.1', ports(target)[1]!)).toBe(false);
      expect(target.process!.isRunning()).toBe(false);
      // The others did not notice.
      expect((await hello(ports(target)[0]!)).pid).toBe(said[0]!.pid);
      expect((await hello(ports(target)[2]!)).pid).toBe(said[2]!.pid);

      // The whole target's restart starts the node that is down, on its port, and leaves the others be.
      await target.process!.restart();
      const again = await Promise.all(ports(target).map((port) => hello(port)));
      expect(again[1]!.node).toBe('n1');
      expect(again[1]!.pid).not.toBe(said[1]!.pid);
      expect([again[0]!.pid, again[2]!.pid]).toEqual([said[0]!.pid, said[2]!.pid]);
      await target.nodes![2]!.process!.restart();
      expect((await hello(ports(target)[2]!)).pid).not.toBe(said[2]!.pid);

      const pids = target.nodes!.map((node) => node.process!.pid()!);
      await target.stop();
      expect(pids.filter(processAlive)).toEqual([]);
      for (const port of ports(target)) expect(await portOpen('127.0.0.1', port)).toBe(false);
    } finally {
      await target.stop();
    }
  }, 60_000);
});

describe('command target with nodes: one command opening N ports ({ports}, node:cluster)', () => {
  it("finds each worker behind its port: a crash hits that worker alone; a node's restart waits for the primary to start it again", async () => {
    const target = clusterTarget({ RESPAWN: '1' }, { readyLog: 'primary' });
    try {
      await target.start();
      const primary = target.process!.pid()!;
      const said = await Promise.all(ports(target).map((port) => hello(port)));
      expect(said.map((s) => s.node)).toEqual(['n0', 'n1', 'n2']);
      expect(target.nodes!.map((node) => node.process!.pid())).toEqual(said.map((s) => s.pid));
      expect(said.map((s) => s.pid)).not.toContain(primary);

      expect(target.nodes![1]!.process!.pid(), 'n1 is the worker behind its port').toBe(said[1]!.pid);
      await target.nodes![1]!.process!.crash();
      expect(processAlive(said[1]!.pid), 'n1 killed').toBe(false);
      expect(processAlive(primary), 'the primary alive').toBe(true);
      expect((await hello(ports(target)[0]!)).pid).toBe(said[0]!.pid);
      expect((await hello(ports(target)[2]!)).pid).toBe(said[2]!.pid);
      // The primary starts a worker again on the port: the node's restart waits for it, and finds it anew.
      await target.nodes![1]!.process!.restart();
      const back = await hello(ports(target)[1]!);
      expect(back.node).toBe('n1');
      expect(back.pid).not.toBe(said[1]!.pid);
      expect(target.nodes![1]!.process!.pid()).toBe(back.pid);

      // A pause stops that worker alone.
      target.nodes![2]!.process!.signal('SIGSTOP');
      await expect(hello(ports(target)[2]!, 1000)).rejects.toThrow();
      expect((await hello(ports(target)[0]!)).pid).toBe(said[0]!.pid);
      target.nodes![2]!.process!.signal('SIGCONT');
      expect((await hello(ports(target)[2]!)).pid).toBe(said[2]!.pid);

      const workers = target.nodes!.map((node) => node.process!.pid()!);
      await target.stop();
      expect(workers.every((pid) => pid > 0)).toBe(true);
      expect([primary, ...workers].filter(processAlive)).toEqual([]);
      for (const port of ports(target)) expect(await portOpen('127.0.0.1', port), `port ${port} closed after stop`).toBe(false);
    } finally {
      await target.stop();
    }
  }, 60_000);

  it("rejects a node's restart, saying why, when the command does not start its worker again", async () => {
    const target = clusterTarget({}, { readyLog: 'primary', startTimeout: 5000 });
    try {
      await target.start();
      const n1 = target.nodes![1]!.process!;
      await n1.crash();
      expect(n1.isRunning()).toBe(false);
      const started = Date.now();
      await expect(n1.restart()).rejects.toThrow(/node n1 cannot be restarted alone: .* opens every node's port \(\{ports\}\) and did not start its worker again within 5000 ms/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(target.process!.isRunning()).toBe(true);
    } finally {
      await target.stop();
    }
  }, 30_000);

  it('names the port and node that never opened, within the start timeout, and leaves nothing', async () => {
    // Only the first two workers listen.
    const target = clusterTarget({ LISTEN: '2' }, { startTimeout: 3000 });
    const error = (await target.start().catch((err: unknown) => err)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/did not start: port \d+ \(n2\) did not open within 3000 ms/);
    expect(target.process!.isRunning()).toBe(false);
  }, 30_000);
});
