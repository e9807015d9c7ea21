import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { redisPingFailure } from '../../src/provision/redisClient.js';
import { parentDeathCommand } from '../../../shared/process/parentDeath.js';
import { running, stillRunningAfter } from '../e2e/processTree.js';

const FIXTURE = path.join(import.meta.dirname, '../redis/fixtures/holdRedis.ts');

/** /proc/PID/stat's fields after the command name: [state, ppid, pgrp, ...]. */
const statOf = (pid: number): string[] => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};

it('a redis-server siochaos started is in a process group of its own and ends when siochaos is SIGKILLed', async () => {
  // This machine has setpriv (util-linux): without it the server would outlive a SIGKILL, and this test says so.
  expect(parentDeathCommand(['true']).guarded).toBe(true);
  const env: NodeJS.ProcessEnv = { ...process.env, DEBUG: 'siochaos:redis' };
  delete env.REDIS_URL;
  const holder = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: packageRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  holder.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  holder.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const holderExited = new Promise<NodeJS.Signals | null>((resolve) => holder.on('exit', (_code, signal) => resolve(signal)));
  let server: { pid: number; url: string } | undefined;
  try {
    for (let i = 0; i < 300 && !stdout.includes('\n') && holder.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(stdout, stderr).toMatch(/^\{.*\}\n/);
    server = JSON.parse(stdout.split('\n')[0]!) as { pid: number; url: string };
    const { pid, url } = server;
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('redis-server');
    const [, ppid, pgrp] = statOf(pid);
    expect(Number(ppid)).toBe(holder.pid); // setpriv and perl exec: the PID is redis-server's own
    expect(Number(pgrp)).toBe(pid); // its own group: the terminal's Ctrl-C does not reach it
    expect(await redisPingFailure(url)).toBeUndefined();
    const client = new Redis(url);
    const [, dir] = (await client.config('GET', 'dir')) as [string, string];
    client.disconnect();

    holder.kill('SIGKILL');
    expect(await holderExited).toBe('SIGKILL');
    expect(await stillRunningAfter([{ pid, args: 'redis-server' }], 5000), 'still running 5 s after its parent was SIGKILLed').toEqual([]);
    expect(await redisPingFailure(url)).toMatch(/ECONNREFUSED/);
    // Nobody was left to remove its (empty) temporary folder: this test does.
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
  } finally {
    holder.kill('SIGKILL');
    if (server && running(server.pid) && readFileSync(`/proc/${server.pid}/comm`, 'utf8').trim() === 'redis-server') process.kill(server.pid, 'SIGKILL');
  }
});
