import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiochaosConfig } from '../../src/model/config.js';
import { ROOT, runCli, type CliRun } from './runCli.js';

const EXAMPLE = path.join(ROOT, 'examples/tutorial-chat');
const exampleTarget = (env: Record<string, string>): SiochaosConfig['target'] => ({
  kind: 'command',
  command: ['node', 'server.js'],
  cwd: EXAMPLE,
  env,
  readyLog: 'chat listening on',
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-bad-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `siochaos run` with a config file made of `config`. */
async function runWith(name: string, config: SiochaosConfig): Promise<CliRun> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(config));
  return runCli(['run', '--config', file, '--time', '5s', '--seed', '1', '--reports', path.join(dir, 'reports')]);
}

/** The one line that says why the run could not decide, and that no stack trace came with it. */
function couldNotDecide(run: CliRun): string {
  const output = run.stdout + run.stderr;
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  const verdict = output.split('\n').filter((line) => line.startsWith('verdict: unknown'));
  expect(verdict).toHaveLength(1);
  return output.slice(output.indexOf('verdict: unknown'));
}

describe('bad input ends in one clear message and exit code 2', () => {
  it('a target command that does not start: what it said last', async () => {
    const run = await runWith('no-start', {
      target: { kind: 'command', command: ['node', '-e', 'console.log("loading config"); console.error("cannot reach redis at 127.0.0.1:1"); process.exit(3)'] },
      store: { kind: 'none' },
    });
    expect(run.code).toBe(2);
    const message = couldNotDecide(run);
    expect(message).toMatch(/the target `node -e .*` did not start: it exited/);
    expect(message).toContain('its last output:');
    expect(message).toContain('loading config');
    expect(message).toContain('cannot reach redis at 127.0.0.1:1');
  }, 30_000);

  it('a port already in use: the server says so and the run stops', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = await runWith('port-in-use', { target: exampleTarget({ PORT: String(port), DB_FILE: '{db}' }), store: { kind: 'none' } });
      expect(run.code).toBe(2);
      const message = couldNotDecide(run);
      expect(message).toMatch(/did not start: it exited/);
      expect(message).toContain(`port ${port} is already in use: set PORT to a free port`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 30_000);

  it('a store that cannot be read: which file, and why', async () => {
    const run = await runWith('no-store', {
      target: exampleTarget({ PORT: '{port}', DB_FILE: '{db}' }),
      store: { kind: 'sqlite', file: '{dataDir}/not-there/chat.sqlite', query: 'SELECT id, client_offset, content FROM messages ORDER BY id' },
    });
    expect(run.code).toBe(2);
    expect(couldNotDecide(run)).toMatch(/cannot open SQLite store \S+\/not-there\/chat\.sqlite: SQLITE_CANTOPEN/);
  }, 30_000);

  it('a query returning the wrong columns: which column is missing, with the row', async () => {
    const run = await runWith('wrong-columns', {
      target: exampleTarget({ PORT: '{port}', DB_FILE: '{db}' }),
      store: { kind: 'sqlite', file: '{db}', query: 'SELECT content FROM messages ORDER BY id' },
    });
    expect(run.code).toBe(2);
    expect(couldNotDecide(run)).toMatch(/store row has no integer "offset" column: \{.*"content":/);
  }, 30_000);
});
