/**
 * A single SQLite node must not load the backends it does not use (ioredis,
 * pg, the four Socket.IO adapters: half its start-up CPU). Each server here
 * runs with a module resolve hook that writes every URL it resolves to a
 * file; the test reads which of those packages were loaded.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LAZY_BACKENDS } from '../src/bundleOptions.js';
import type { LaunchOptions } from '../src/launch.js';
import { Testbed } from './helpers/testbed.js';

/** The backends a single SQLite node must not load: the bundle leaves them to node_modules for that. */
const BACKEND_PACKAGES = LAZY_BACKENDS;

const bed = new Testbed();
afterEach(() => bed.cleanup());
const dir = mkdtempSync(path.join(os.tmpdir(), 'siochaos-lazy-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;

/** Starts a server with the resolve hook, stops it, and returns the backend packages it resolved, in BACKEND_PACKAGES order. */
async function backendsLoaded(options: Omit<LaunchOptions, 'db'>, env: Record<string, string> = {}): Promise<string[]> {
  const run = ++runs;
  const log = path.join(dir, `resolved-${run}.txt`);
  writeFileSync(log, '');
  const hooks = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}`;
  const register = path.join(dir, `register-${run}.mjs`);
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`);
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(register).href}`.trim();
  const server = await bed.launch({ ...options, db: await bed.dbPath(), env: { ...env, NODE_OPTIONS: nodeOptions } });
  await server.stop();
  const resolved = readFileSync(log, 'utf8');
  // The hook saw the server's packages: sqlite3 is imported by every SQLite node.
  expect(resolved).toMatch(/node_modules\/sqlite3\//);
  return BACKEND_PACKAGES.filter((name) => resolved.includes(`/node_modules/${name}/`));
}

describe('reference server: backends are imported only where they are used', () => {
  it('one SQLite node without an adapter loads none of ioredis, pg and the Socket.IO adapters', async () => {
    expect(await backendsLoaded({})).toEqual([]);
  });

  it('a node with the redis adapter loads ioredis and the redis adapter (the hook sees them), and still not pg', async () => {
    // Nothing listens on port 1: the node waits for Redis a short while, then starts anyway.
    const adapter = { kind: 'redis', url: 'redis://127.0.0.1:1', prefix: 'lazy-imports' } as const;
    expect(await backendsLoaded({ adapter, node: 'n0' })).toEqual(['ioredis', '@socket.io/redis-adapter']);
  });

  it('with SIOCHAOS_LEGACY_SCENARIO_SETUP=1 (bench:cost\'s before) it loads all of them at start, as before', async () => {
    expect(await backendsLoaded({}, { SIOCHAOS_LEGACY_SCENARIO_SETUP: '1' })).toEqual([...BACKEND_PACKAGES]);
  });
});
