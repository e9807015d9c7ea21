import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';

let reportsDir: string;
beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-sigint-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

/** Every descendant PID of a process, from ps. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('leaves no toxiproxy-server or reference server behind after SIGINT, and still reports', async () => {
  const child = spawn(process.execPath, ['harness/bin/siochaos.mjs', 'run', '--time', '60s', '--reports', reportsDir], {
    cwd: packageRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    // Wait (bounded) until the first scenario has finished, so Toxiproxy and a target are up.
    const deadline = Date.now() + 30_000;
    while (!/scenario 1:/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(output).toMatch(/scenario 1:/);
    const started = descendants(child.pid!);
    const names = started.map((pid) => {
      try {
        return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      } catch {
        return '';
      }
    });
    expect(names.some((n) => n.includes('toxiproxy-server'))).toBe(true);
    expect(names.some((n) => n.includes('reference-server'))).toBe(true);

    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 40_000))]);
    expect(code).toBe(2);
    // Children notice their parent is gone within moments; poll (bounded) rather than guess a delay.
    const left = () => started.filter(alive).map((pid, i) => `${pid} ${names[started.indexOf(pid)] ?? i}`);
    for (let i = 0; i < 50 && left().length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(left()).toEqual([]);
    const results = JSON.parse(await readFile(path.join(reportsDir, 'latest', 'results.json'), 'utf8'));
    expect(results.verdict).toBe('unknown');
    expect(results.interrupted).toBe(true);
    expect(results.figures.scenarios).toBeGreaterThanOrEqual(1);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 90_000);
