/**
 * A `{ports}` node's exit whose `worker-exit` line siochaos reads late (a
 * loaded machine that kept it from running for more than the 500 ms status
 * wait): siochaos's own SIGKILL (a `crash-at` mark) is still not told, and a
 * node that died of its own cause is still told, promptly and with the
 * status its line gives. The node here is a real process of its own group,
 * found behind its port; the primary, whose lines feed the statuses, is the
 * test (through a real socket when the line must wait in a pipe).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { sleep, waitFor } from '../../src/net/waitFor.js';
import type { TargetExit } from '../../src/target/exitMonitor.js';
import { PortNodes } from '../../src/target/portNodes.js';
import { workerExitLine } from '../../src/target/workerExitLine.js';

/** A node process: listens on a free port, in a process group of its own, and prints the port. */
const LISTENER = "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));";

/** Past PortNodes' 500 ms status wait. */
const PAST_STATUS_WAIT_MS = 800;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A watched node on a live process, its exits heard, and how to kill it and see it gone. */
async function watchedNode(): Promise<{ nodes: PortNodes; pid: number; told: TargetExit[]; kill: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', LISTENER], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  // The primary stays up: only the node dies.
  const nodes = new PortNodes({ count: 1, ports: () => [port], whole: { pid: () => child.pid, isRunning: () => true }, stderr: () => 'its stderr' });
  const pid = await waitFor(() => nodes.pid(0), 10_000);
  expect(pid).toBe(child.pid);
  const told: TargetExit[] = [];
  nodes.listen(0, (exit) => told.push(exit));
  const kill = async (): Promise<void> => {
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    // Seen gone (as the watch would see it): its wait for a status starts now.
    nodes.pid(0);
  };
  return { nodes, pid: pid!, told, kill };
}

/** A pipe whose lines are fed to `nodes` as the command's `worker-exit` lines, as commandNodes does. */
async function linePipe(nodes: PortNodes): Promise<net.Socket> {
  const server = net.createServer((socket) => socket.on('data', (data: Buffer) => {
    for (const line of data.toString().split('\n')) {
      const exit = workerExitLine(line);
      if (exit) nodes.exitStatus(exit.pid, { code: exit.code, signal: exit.signal });
    }
  }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await Promise.all([once(client, 'connect'), once(server, 'connection')]);
  cleanups.push(() => new Promise((resolve) => server.close(resolve)), () => client.destroy());
  return client;
}

/** Keeps this process from running anything else for `ms` (siochaos descheduled under load). */
function blockLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

const lineOf = (pid: number, code: number | null, signal: string | null): string => `${JSON.stringify({ event: 'worker-exit', node: 'n0', pid, code, signal })}\n`;

it('siochaos\'s own SIGKILL whose line waited in the pipe while siochaos was stalled past the status wait is not told', async () => {
  const { nodes, pid, told, kill } = await watchedNode();
  const pipe = await linePipe(nodes);
  nodes.expect(0, 'SIGKILL');
  await kill();
  pipe.write(lineOf(pid, null, 'SIGKILL'));
  blockLoop(PAST_STATUS_WAIT_MS);
  // The wait's next timer runs first, with its deadline passed: the exit is judged within the next turns.
  await sleep(1000);
  expect(told).toEqual([]);
});

it("siochaos's own SIGKILL whose line comes after the status wait is not told", async () => {
  const { nodes, pid, told, kill } = await watchedNode();
  nodes.expect(0, 'SIGKILL');
  await kill();
  await sleep(PAST_STATUS_WAIT_MS);
  nodes.exitStatus(pid, { code: null, signal: 'SIGKILL' });
  await sleep(500);
  expect(told).toEqual([]);
});

it("a node that exits on its own while a SIGKILL is armed is told as soon as its line comes, with its status", async () => {
  const { nodes, pid, told, kill } = await watchedNode();
  nodes.expect(0, 'SIGKILL');
  await kill();
  const seen = Date.now();
  nodes.exitStatus(pid, { code: 1, signal: null });
  expect(await waitFor(() => told.length > 0 || undefined, 5000)).toBe(true);
  expect(told).toEqual([{ code: 1, signal: null, stderr: 'its stderr', node: 'n0' }]);
  // Not after the long wait a SIGKILL's unknown status gets (5 s).
  expect(Date.now() - seen).toBeLessThan(3000);
});

it('a node that dies unmarked and whose status never comes is told after the short wait, its status unknown', async () => {
  const { told, kill } = await watchedNode();
  await kill();
  const seen = Date.now();
  expect(await waitFor(() => told.length > 0 || undefined, 5000)).toBe(true);
  expect(told).toEqual([{ code: null, signal: null, stderr: 'its stderr', node: 'n0' }]);
  expect(Date.now() - seen).toBeLessThan(3000);
});

it("a node's own exit whose line waited in the pipe while siochaos was stalled is told with the status of its line", async () => {
  const { nodes, pid, told, kill } = await watchedNode();
  const pipe = await linePipe(nodes);
  await kill();
  pipe.write(lineOf(pid, 3, null));
  blockLoop(PAST_STATUS_WAIT_MS);
  expect(await waitFor(() => told.length > 0 || undefined, 5000)).toBe(true);
  expect(told).toEqual([{ code: 3, signal: null, stderr: 'its stderr', node: 'n0' }]);
});

it("siochaos's own SIGKILL is not told when the fault's heal clears the mark before the watch has seen the death", async () => {
  // crash-at on a {ports} target: the worker kills itself at the failpoint; the heal (expectExit(false) on every
  // node, as the whole target's pid, the primary's, did not die) can run before a watch delayed by load saw it.
  const { nodes, pid, told } = await watchedNode();
  nodes.expect(0, 'SIGKILL');
  const exited = new Promise((resolve) => {
    const timer = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        resolve(undefined);
      }
    }, 5);
  });
  process.kill(pid, 'SIGKILL');
  await exited;
  nodes.expectAll(false);
  nodes.exitStatus(pid, { code: null, signal: 'SIGKILL' });
  nodes.pid(0);
  await sleep(1000);
  expect(told).toEqual([]);
});
