import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { fakeExecutable, scratchDir } from './fakeTools.js';

// `siochaos setup` and `npm run setup`'s script, run for real with a PATH that holds
// only fake tools and an empty home: what they find, start and refuse.
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(packageRoot, script), ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('siochaos setup finds Toxiproxy, and without Chromium or a way to install it exits 2 with one line saying how', async () => {
  dir = scratchDir();
  const bin = path.join(dir, 'bin');
  const toxiproxy = fakeExecutable(bin, 'toxiproxy-server');
  const run = await runNode('harness/bin/siochaos.mjs', ['setup'], { PATH: bin, HOME: path.join(dir, 'home') });
  expect(run.code).toBe(2);
  expect(run.stdout).toContain(`siochaos setup: toxiproxy-server ready at ${toxiproxy}`);
  expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^siochaos: Chromium not found \(looked at SIOCHAOS_CHROMIUM, .*\): install it .*then run npm run setup again$/)]);
}, 30_000);

it('npm run setup provisions Chromium and starts a stopped PostgreSQL on 5432, and only that one', async () => {
  dir = scratchDir();
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'pg.log');
  const started = path.join(dir, 'started');
  fakeExecutable(bin, 'toxiproxy-server');
  const chromium = fakeExecutable(bin, 'chromium');
  const redisServer = fakeExecutable(bin, 'redis-server');
  fakeExecutable(bin, 'pg_isready', `if [ -e ${started} ]; then exit 0; fi; exit 2`);
  fakeExecutable(bin, 'pg_lsclusters', 'echo "15 main 5432 down postgres /var/lib/postgresql/15/main /var/log/p.log"\necho "15 other 5433 down postgres /x /y"');
  fakeExecutable(bin, 'pg_ctlcluster', `echo "$*" >> ${log}\n: > ${started}`);
  const run = await runNode('harness/scripts/setup.mjs', [], { PATH: bin, HOME: path.join(dir, 'home') });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`siochaos setup: chromium ready at ${chromium} (from PATH)`);
  expect(run.stdout).toContain(`siochaos setup: redis-server ready at ${redisServer}`);
  expect(run.stdout).toContain('siochaos setup: starting PostgreSQL 15/main');
  expect(run.stdout).not.toContain('not answering');
  expect(readFileSync(log, 'utf8')).toBe('--skip-systemctl-redirect 15 main start\n');
}, 30_000);
