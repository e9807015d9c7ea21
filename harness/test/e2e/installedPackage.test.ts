import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolsBinDir } from '../../src/paths.js';
import { TOXIPROXY_BINARY } from '../../src/toxiproxy/version.js';
import { installedProject, packSiochaos, userEnv } from './installedProject.js';

// The README's "Test your own server" path, as a user walks it, with siochaos installed
// from its packed tarball in an empty CommonJS project (no "type") and in an ES module
// one: npx siochaos init, setup, doctor, a short run, and a siochaos/vitest test,
// against the Socket.IO tutorial's chat. Toxiproxy is the one this repository's setup
// built (SIOCHAOS_TOOLS_DIR), not built again per project. What runs there is the compiled
// JavaScript of the tarball (npm pack builds it first): no sources, no TypeScript loader.
let root: string;
let tarball: string;
const tools = { SIOCHAOS_TOOLS_DIR: toolsBinDir() };

interface Ran {
  code: number;
  out: string;
}

function npx(project: string, args: string[], env: NodeJS.ProcessEnv = tools, timeout = 60_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('npx', ['--no', ...args], { cwd: project, env: userEnv(env), timeout, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'siochaos-installed-'));
  tarball = await packSiochaos(root);
}, 60_000);

it('the tarball holds what a user runs: compiled JavaScript and its declarations, the reference server bundled, the launcher; no sources, tests or benches', async () => {
  const { stdout } = await promisify(execFile)('tar', ['tzf', tarball]);
  const files = stdout.trim().split('\n').map((file) => file.replace(/^package\//, ''));
  expect(files.filter((file) => !/^dist\/(harness\/src|reference-server\/src|shared|scenarios)\/.*\.(js|d\.ts)$/.test(file))).toEqual(
    expect.arrayContaining(['package.json', 'README.md', 'harness/bin/siochaos.mjs', 'harness/bin/cli.mjs']),
  );
  expect(files.filter((file) => /\.(ts|mts|cts)$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
  expect(files.filter((file) => /(^|\/)(test|bench)\//.test(file))).toEqual([]);
  expect(files).toContain('dist/harness/src/reporters/html/assets/report.js');
  // The reference server in one file, which the compiled harness starts.
  expect(files).toContain('dist/reference-server/src/main.bundle.mjs');
  expect(files).toContain('dist/harness/src/vitest/index.d.ts');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.concurrent.each(['commonjs', 'module'] as const)('in a new %s project with siochaos from npm pack', (type) => {
  it('init, setup, doctor, run and a siochaos/vitest test all work, and every hint names a command that exists there', async () => {
    const project = await installedProject(root, `app-${type}`, tarball, type);
    // Compiled JavaScript, with no TypeScript loader there (tsx is a development dependency of siochaos only).
    expect(existsSync(path.join(project, 'node_modules', 'tsx'))).toBe(false);
    const help = await npx(project, ['--', 'siochaos', '--help']);
    expect(help.out).toContain('siochaos run [scenario...] [options]');
    expect(help.out).not.toContain('tsx');
    expect(help.code).toBe(0);
    const init = await npx(project, ['siochaos', 'init']);
    expect(init.out).toContain('then run npx siochaos doctor and npx siochaos run');
    expect(init.code).toBe(0);
    const config = path.join(project, 'siochaos.config.ts');
    // What the user edits: where their server is.
    await writeFile(config, (await readFile(config, 'utf8')).replace("command: ['node', 'server.js']", "command: ['node', 'server/server.js']"));

    // Without Toxiproxy, the hints name the commands a user of the package has.
    const noToxiproxy = userEnv({ SIOCHAOS_TOOLS_DIR: path.join(project, 'no-tools') });
    noToxiproxy.PATH = (noToxiproxy.PATH ?? '').split(path.delimiter).filter((dir) => !dir || !existsSync(path.join(dir, TOXIPROXY_BINARY))).join(path.delimiter);
    const missing = await npx(project, ['siochaos', 'doctor'], noToxiproxy);
    expect(missing.out).toContain('FAIL toxiproxy: toxiproxy-server not found: run `npx siochaos setup` or set TOXIPROXY_URL');
    expect(missing.out).toContain('then run npx siochaos doctor again');
    expect(missing.code).toBe(2);

    const setup = await npx(project, ['siochaos', 'setup']);
    expect(setup.out).toMatch(/toxiproxy-server ready at .*\n.*chromium ready at /);
    expect(setup.code).toBe(0);

    const doctor = await npx(project, ['siochaos', 'doctor']);
    expect(doctor.out.trim().split('\n').map((line) => line.split(':')[0])).toEqual([
      'ok   toxiproxy',
      'ok   chromium',
      'ok   redis',
      'ok   target',
      'ok   through the proxy',
      'ok   store',
    ]);
    expect(doctor.code).toBe(0);

    const run = await npx(project, ['siochaos', 'run', '--time', '3s', '--seed', '1']);
    expect(run.out).toMatch(/verdict: valid/);
    expect(run.code).toBe(0);
    expect(JSON.parse(await readFile(path.join(project, 'reports', 'latest', 'results.json'), 'utf8'))).toMatchObject({ verdict: 'valid' });

    await writeFile(
      path.join(project, 'delivery.test.ts'),
      "import { deliveryTest } from 'siochaos/vitest';\n\ndeliveryTest('chat keeps its delivery guarantees', { config: 'siochaos.config.ts', seed: 1, timeLimitMs: 3000 });\n",
    );
    const vitest = await npx(project, ['vitest', 'run']);
    expect(vitest.out).toMatch(/✓ delivery\.test\.ts .*1 test/);
    expect(vitest.out).toMatch(/Tests +1 passed \(1\)/);
    expect(vitest.code).toBe(0);
  }, 180_000);
});
