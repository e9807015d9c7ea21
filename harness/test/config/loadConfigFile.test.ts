import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStarterConfig } from '../../src/config/init.js';
import { loadConfig, readConfigFile } from '../../src/config/loadConfigFile.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { SetupError } from '../../src/errors/SetupError.js';
import { packageRoot } from '../../src/paths.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('config files', () => {
  it('names each bad field, says what was wrong, and shows an example', async () => {
    const file = path.join(dir, 'siochaos.config.json');
    await writeFile(file, JSON.stringify({ clients: 0, store: { kind: 'sqlite' }, colour: 'red' }));
    const error = await readConfigFile(file).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SetupError);
    const message = (error as Error).message;
    expect(message).toContain('siochaos.config.json: clients: Too small');
    expect(message).toContain('(for example: 3)');
    expect(message).toContain('store.file');
    expect(message).toContain('(for example: "{dataDir}/chat.sqlite")');
    expect(message).toContain('unknown field "colour"');
  });

  it('says when a JSON file does not parse', async () => {
    await writeFile(path.join(dir, 'siochaos.config.json'), '{ "clients": ');
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/cannot read siochaos.config.json/);
  });

  it('finds siochaos.config.ts, turns durations into ms and paths relative to the file', async () => {
    await writeFile(
      path.join(dir, 'siochaos.config.ts'),
      `export default { time: '2m', ackTimeout: 500, clients: 2, reportsDir: 'out',
        target: { kind: 'command', command: ['node', 'server.js'], cwd: 'app' },
        store: { kind: 'sqlite', file: '{db}', query: 'SELECT 1' } };`,
    );
    const options = await loadConfig(undefined, dir);
    expect(options.timeLimitMs).toBe(120_000);
    expect(options.ackTimeoutMs).toBe(500);
    expect(options.reportsDir).toBe(path.join(dir, 'out'));
    expect(options.target).toMatchObject({ kind: 'command', cwd: path.join(dir, 'app') });
    expect(resolveConfig(options).clients).toBe(2);
  });

  it('has no options without a file, and refuses a missing --config', async () => {
    expect(await loadConfig(undefined, dir)).toEqual({});
    await expect(loadConfig('nope.json', dir)).rejects.toThrow(/config file nope.json not found/);
  });

  it('writes a starter config that loads, and will not overwrite one', async () => {
    // Inside the package, so that its `import { defineConfig } from 'siochaos'` resolves as in a user's project.
    await mkdir(path.join(packageRoot, 'test-output'), { recursive: true });
    const inside = await mkdtemp(path.join(packageRoot, 'test-output', 'init-'));
    try {
      const file = await writeStarterConfig(inside);
      const config = await readConfigFile(file);
      expect(config.target?.kind).toBe('command');
      expect(config.store?.kind).toBe('sqlite');
      await expect(writeStarterConfig(inside)).rejects.toThrow(/already exists/);
    } finally {
      await rm(inside, { recursive: true, force: true });
    }
  });
});

describe('TypeScript configs whatever the project\'s module type', () => {
  /** `siochaos doctor` run for real (under tsx, as users run it) in `dir`. */
  async function doctorIn(cwd: string): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [path.join(packageRoot, 'harness/bin/siochaos.mjs'), 'doctor'], { cwd, env: { ...process.env, DEBUG: '' } }, (err, _stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stderr }),
      );
    });
  }

  it.each([['CommonJS (no "type")', {}], ['an ES module', { type: 'module' }]])(
    'loads siochaos.config.ts and its local imports in %s project, and leaves no file behind',
    async (_kind, manifest) => {
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', ...manifest }));
      await writeFile(path.join(dir, 'clients.ts'), 'export const clients: number = 0;\n');
      await writeFile(path.join(dir, 'siochaos.config.ts'), "import { clients } from './clients';\n\nexport default { clients, time: '1m' };\n");
      // A value only the file's own import gives, refused by validation: proof that it loaded.
      const run = await doctorIn(dir);
      expect(run.stderr).toContain('siochaos: invalid config:\n  siochaos.config.ts: clients: Too small');
      expect(run.code).toBe(2);
      expect((await readdir(dir)).sort()).toEqual(['clients.ts', 'package.json', 'siochaos.config.ts']);
    },
    30_000,
  );

  it('says where a TypeScript config does not parse', async () => {
    await writeFile(path.join(dir, 'siochaos.config.ts'), 'export default {\n  clients: 3,,\n};\n');
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/^cannot read siochaos.config.ts: siochaos.config.ts:2:14: Expected identifier but found ","$/);
  });
});

describe('resolveConfig', () => {
  it('fills defaults and rejects bad values with a right one', () => {
    const config = resolveConfig({ seed: 5 });
    expect(config).toMatchObject({ seed: 5, clients: 3, strategy: 'queued-retry', retries: Infinity, transport: 'websocket' });
    expect(() => resolveConfig({ strategy: 'carrier-pigeon' })).toThrow(/unknown strategy "carrier-pigeon": use one of at-most-once, ack-retry, queued-retry/);
    expect(() => resolveConfig({ clients: 0 })).toThrow(/clients must be a whole number of at least 1.*--clients 3/);
    expect(resolveConfig({ retries: -1 }).retries).toBe(Infinity);
  });
});
