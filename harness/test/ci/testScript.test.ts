import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { userEnv } from '../e2e/installedProject.js';

// The repository's own `npm test` script, run the way .ci/run runs it (extra vitest
// arguments after `--`) in a tiny project, then .ci/summarize.mjs on what it wrote:
// a type error must fail the command and count as a failure in the closing line.
const exec = promisify(execFile);
let dir: string;

async function npmTest(): Promise<{ code: number; summary: string }> {
  const results = path.join(dir, 'results.json');
  await rm(results, { force: true });
  const code = await exec('npm', ['test', '--', '--reporter=json', `--outputFile.json=${results}`], { cwd: dir, env: userEnv() }).then(
    () => 0,
    (err: { code?: number }) => err.code ?? 1,
  );
  const { stdout } = await exec(process.execPath, [path.join(packageRoot, '.ci', 'summarize.mjs'), results]);
  return { code, summary: stdout.trim() };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-test-script-'));
  const { scripts } = JSON.parse(await readFile(path.join(packageRoot, 'package.json'), 'utf8')) as { scripts: { test: string } };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, type: 'module', scripts: { test: scripts.test } }));
  await writeFile(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, types: [] }, include: ['*.ts'] }),
  );
  await writeFile(path.join(dir, 'sum.test.ts'), "import { expect, it } from 'vitest';\n\nit('adds', () => expect(1 + 1).toBe(2));\n");
  await symlink(path.join(packageRoot, 'node_modules'), path.join(dir, 'node_modules'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('passes vitest the arguments given after --, and the closing line counts its tests', async () => {
  expect(await npmTest()).toEqual({ code: 0, summary: '1 passed, 0 failed' });
  expect(existsSync(path.join(dir, 'results.json'))).toBe(true);
}, 60_000);

it('fails on a type error, with a failure in the closing line', async () => {
  await writeFile(path.join(dir, 'wrong.ts'), "export const count: number = 'three';\n");
  const run = await npmTest();
  await rm(path.join(dir, 'wrong.ts'));
  expect(run.code).not.toBe(0);
  expect(run.summary).toBe('0 passed, 1 failed');
}, 60_000);
