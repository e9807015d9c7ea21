import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/runArgs.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { ReferenceTargetConfig } from '../../src/config/types.js';
import { makeTarget } from '../../src/core/makeTarget.js';
import { SetupError } from '../../src/errors/SetupError.js';
import { runCli, type CliRun } from '../examples/runCli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-ref-nodes-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const reference = (fields: Record<string, unknown>) => ({ kind: 'reference', ...fields }) as ReferenceTargetConfig;

/** The SetupError's message resolveConfig throws for `target` (and `transport`). */
function refusal(target: ReferenceTargetConfig, transport?: 'polling' | 'any'): string {
  try {
    resolveConfig({ target, ...(transport ? { transport } : {}) });
  } catch (err) {
    expect(err).toBeInstanceOf(SetupError);
    return (err as Error).message;
  }
  throw new Error(`resolveConfig accepted ${JSON.stringify(target)}`);
}

describe('the reference target config with nodes', () => {
  it('resolves nodes, adapter and balancer, and makes a target with that many nodes and that adapter', () => {
    const config = resolveConfig({ target: reference({ nodes: 3, adapter: 'redis-streams', balancer: 'roaming' }) });
    expect(config.target).toEqual({ kind: 'reference', nodes: 3, adapter: 'redis-streams', balancer: 'roaming' });
    const target = makeTarget(config, { dataDir: path.join(dir, 'made'), logDir: dir, toxiproxyUrl: 'http://127.0.0.1:1' });
    expect(target.nodes?.map((n) => n.name)).toEqual(['n0', 'n1', 'n2']);
    expect(target.adapter?.kind).toBe('redis-streams');
    // PostgreSQL by default with nodes: one table they all share.
    expect(target.database?.kind).toBe('postgres');
    // One node stays one process, as before.
    const single = makeTarget(resolveConfig({}), { dataDir: path.join(dir, 'single'), logDir: dir, toxiproxyUrl: 'http://127.0.0.1:1' });
    expect(single.nodes).toBeUndefined();
    expect(single.database?.kind).toBe('sqlite');
  });

  it('refuses bad values with one line saying what to give', () => {
    expect(refusal(reference({ nodes: 9, adapter: 'redis' }))).toBe('nodes must be a whole number from 1 to 8, got 9 (for example --nodes 3)');
    expect(refusal(reference({ nodes: 0 }))).toMatch(/^nodes must be a whole number from 1 to 8, got 0/);
    expect(refusal(reference({ nodes: 3, adapter: 'kafka' }))).toBe('there is no adapter kafka: use redis, redis-streams, postgres, cluster (for example --adapter redis)');
    expect(refusal(reference({ nodes: 3 }))).toBe('3 nodes need an adapter between them: set adapter to redis, redis-streams, postgres, cluster (for example --adapter redis)');
    expect(refusal(reference({ nodes: 2, adapter: 'redis', balancer: 'random' }))).toMatch(/^balancer must be sticky or roaming, got random/);
    for (const transport of ['polling', 'any'] as const) {
      expect(refusal(reference({ nodes: 2, adapter: 'redis', balancer: 'roaming' }), transport)).toMatch(
        /^balancer roaming needs transport websocket: polling \(and upgrade, which starts with it\) needs sticky sessions/,
      );
    }
    for (const message of [refusal(reference({ nodes: 3 })), refusal(reference({ nodes: 3, adapter: 'kafka' }))]) expect(message).not.toContain('\n');
  });

  it('the command line takes --nodes, --adapter and --balancer (with --bug)', () => {
    expect(parseRunArgs(['--nodes', '3', '--adapter', 'redis']).options.target).toEqual({ kind: 'reference', nodes: 3, adapter: 'redis' });
    expect(parseRunArgs(['--bug', 'no-unique', '--nodes', '2', '--adapter', 'postgres', '--balancer', 'roaming']).options.target).toEqual({
      kind: 'reference',
      bugs: ['no-unique'],
      nodes: 2,
      adapter: 'postgres',
      balancer: 'roaming',
    });
    expect(parseRunArgs(['--seed', '1']).options.target).toBeUndefined();
    expect(() => parseRunArgs(['--nodes', 'three'])).toThrow(/--nodes takes a whole number, got "three"/);
  });

  it('bad values from a config file or the command line: exit 2 and one line, nothing started', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ target: { kind: 'reference', nodes: 3, adapter: 'kafka' } }));
    const noAdapter = path.join(dir, 'no-adapter.json');
    await writeFile(noAdapter, JSON.stringify({ target: { kind: 'reference', nodes: 12, adapter: 'redis' } }));
    const reports = path.join(dir, 'reports');
    const [fromFile, tooMany, flags, roaming] = await Promise.all([
      runCli(['run', '--config', file, '--reports', reports], 60_000),
      runCli(['run', '--config', noAdapter, '--reports', reports], 60_000),
      runCli(['run', '--nodes', '3', '--adapter', 'kafka', '--reports', reports], 60_000),
      runCli(['run', '--nodes', '2', '--adapter', 'redis', '--balancer', 'roaming', '--transport', 'polling', '--reports', reports], 60_000),
    ]);
    const lines = (run: CliRun): string[] => {
      expect(run.code).toBe(2);
      return (run.stdout + run.stderr).trim().split('\n');
    };
    expect(lines(fromFile)).toEqual(['siochaos: invalid config:', expect.stringMatching(/target\.adapter: .*"redis".*"redis-streams".*"postgres"/)]);
    expect(lines(tooMany)).toEqual(['siochaos: invalid config:', expect.stringMatching(/target\.nodes: .*<=8/)]);
    expect(lines(flags)).toEqual([expect.stringMatching(/there is no adapter kafka: use redis, redis-streams, postgres, cluster \(for example --adapter redis\)$/)]);
    expect(lines(roaming)).toEqual([expect.stringMatching(/balancer roaming needs transport websocket/)]);
  }, 90_000);
});
