/**
 * A killed Node process is gone only once its last thread has ended: until
 * then /proc shows its main thread as a zombie while the port it listened on
 * still accepts connections. `processRuns` and `groupMembers` say it runs
 * until the port is released, so a stop that waits on them leaves no port open.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { portOpen } from '../../src/net/portOpen.js';
import { groupMembers, processRuns } from '../../../shared/process/liveness.js';

/** A Node server on a free port, in a process group of its own; resolves once it listens. */
async function listeningNode(): Promise<{ pid: number; port: number; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['-e', "require('http').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port) })"], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(Number(data.toString())));
    child.once('exit', () => reject(new Error('the server exited before it listened')));
  });
  return { pid: child.pid!, port, exited };
}

/**
 * A process whose main thread has ended (pthread_exit) while another thread
 * still runs: /proc shows the main thread as a zombie for as long as the
 * other lives, and its listening socket still accepts connections. The state
 * a killed multi-threaded process passes through, held as long as needed.
 */
const ZOMBIE_MAIN_THREAD = `
import ctypes, socket, threading, time
server = socket.socket()
server.bind(('127.0.0.1', 0))
server.listen()
print(server.getsockname()[1], flush=True)
threading.Thread(target=lambda: time.sleep(60)).start()
ctypes.CDLL(None).pthread_exit(None)
`;

it('a process whose main thread is a zombie while another thread still holds its port runs; once killed, it does not', async () => {
  const child = spawn('python3', ['-c', ZOMBIE_MAIN_THREAD], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (data: Buffer) => resolve(Number(data.toString())));
      child.once('exit', () => reject(new Error('python3 exited before it listened')));
    });
    const pid = child.pid!;
    let looks = 0;
    while (!/\) Z /.test(statOf(pid)) && looks++ < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(statOf(pid), 'its main thread has ended').toMatch(/\) Z /);
    expect(await portOpen('127.0.0.1', port), 'its port still open').toBe(true);
    expect(processRuns(pid)).toBe(true);
    expect(groupMembers(pid)).toEqual([pid]);
    process.kill(pid, 'SIGKILL');
    await exited;
    expect(processRuns(pid)).toBe(false);
    expect(groupMembers(pid)).toEqual([]);
    expect(await portOpen('127.0.0.1', port)).toBe(false);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}, 30_000);

it('a SIGKILLed Node server runs, for processRuns and groupMembers, until its port is closed', async () => {
  let zombieLeaderSeen = 0;
  for (let round = 0; round < 12; round++) {
    const server = await listeningNode();
    expect(processRuns(server.pid)).toBe(true);
    expect(groupMembers(server.pid)).toEqual([server.pid]);
    process.kill(server.pid, 'SIGKILL');
    // Bounded: a killed process ends within milliseconds; 5000 looks are seconds on a loaded machine.
    let looks = 0;
    while (processRuns(server.pid) && looks++ < 5000) {
      if (/\) Z /.test(statOf(server.pid))) zombieLeaderSeen++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(processRuns(server.pid), 'gone within the bound').toBe(false);
    expect(groupMembers(server.pid)).toEqual([]);
    expect(await portOpen('127.0.0.1', server.port), `round ${round}: port ${server.port} closed once the process no longer runs`).toBe(false);
    await server.exited;
  }
  // Printed, not asserted: how often the main thread was a zombie while a thread still held the port.
  console.log(`a zombie main thread with live threads seen in ${zombieLeaderSeen} looks`);
}, 60_000);

function statOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}
