import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { redisPingFailure } from '../../src/provision/redisClient.js';
import { parentDeathCommand } from '../../../shared/process/parentDeath.js';

const FIXTURE = path.join(import.meta.dirname, '../redis/fixtures/holdRedis.ts');

/** Fields of /proc/PID/stat after the command name: [state, ppid, pgrp, ...]; undefined when it is gone. */
function statOf(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const running = (pid: number): boolean => !['Z', 'X', undefined].includes(statOf(pid)?.[0]);
const commOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** What this file started, killed in afterAll while it is still that process. */
const started: { pid: number; comm: string | undefined }[] = [];
afterAll(() => {
  for (const { pid, comm } of started) if (comm !== undefined && running(pid) && commOf(pid) === comm) process.kill(pid, 'SIGKILL');
});

it('a redis-server siochaos started is in a process group of its own and ends when siochaos is SIGKILLed', async () => {
  // This machine has setpriv (util-linux): without it the server would outlive a SIGKILL, and this test says so.
  expect(parentDeathCommand(['true']).guarded).toBe(true);
  const env: NodeJS.ProcessEnv = { ...process.env, DEBUG: 'siochaos:redis' };
  delete env.REDIS_URL;
  const holder = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: packageRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push({ pid: holder.pid!, comm: commOf(holder.pid!) });
  let stdout = '';
  let stderr = '';
  holder.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  holder.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const holderExited = new Promise<NodeJS.Signals | null>((resolve) => holder.on('exit', (_code, signal) => resolve(signal)));

  for (let i = 0; i < 300 && !stdout.includes('\n') && holder.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
  expect(stdout, stderr).toMatch(/^\{.*\}\n/);
  const { pid, url } = JSON.parse(stdout.split('\n')[0]!) as { pid: number; url: string };
  started.push({ pid, comm: commOf(pid) });
  expect(commOf(pid)).toBe('redis-server');
  const [, ppid, pgrp] = statOf(pid)!;
  expect(Number(ppid)).toBe(holder.pid); // setpriv and perl exec: the PID is redis-server's own
  expect(Number(pgrp)).toBe(pid); // its own group: the terminal's Ctrl-C does not reach it
  expect(await redisPingFailure(url)).toBeUndefined();
  const client = new Redis(url);
  const [, dir] = (await client.config('GET', 'dir')) as [string, string];
  client.disconnect();

  holder.kill('SIGKILL');
  expect(await holderExited).toBe('SIGKILL');
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
  expect(running(pid), `redis-server ${pid} still running 5 s after its parent was SIGKILLed`).toBe(false);
  expect(await redisPingFailure(url)).toMatch(/ECONNREFUSED/);
  // Nobody was left to remove its (empty) temporary folder: this test does.
  expect(readdirSync(dir)).toEqual([]);
  rmSync(dir, { recursive: true });
});
