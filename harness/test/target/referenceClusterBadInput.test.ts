/**
 * The reference target with the cluster adapter refuses what it cannot run:
 * one line, exit 2, nothing started.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, type CliRun } from '../examples/runCli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-cluster-bad-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('--adapter cluster with no nodes, one node, or a PostgreSQL store: exit 2 and one line', async () => {
  const postgres = path.join(dir, 'postgres.json');
  await writeFile(postgres, JSON.stringify({ target: { kind: 'reference', nodes: 3, adapter: 'cluster', store: 'postgres' } }));
  const reports = path.join(dir, 'reports');
  const [none, one, fromFile] = await Promise.all([
    runCli(['run', '--nodes', '0', '--adapter', 'cluster', '--reports', reports], 60_000),
    runCli(['run', '--adapter', 'cluster', '--reports', reports], 60_000),
    runCli(['run', '--config', postgres, '--reports', reports], 60_000),
  ]);
  const lines = (run: CliRun): string[] => {
    expect(run.code).toBe(2);
    return (run.stdout + run.stderr).trim().split('\n');
  };
  expect(lines(none)).toEqual([expect.stringMatching(/nodes must be a whole number from 1 to 8, got 0/)]);
  expect(lines(one)).toEqual([expect.stringMatching(/adapter cluster is between nodes: set nodes/)]);
  expect(lines(fromFile)).toEqual(['siochaos: invalid config:', expect.stringMatching(/target\.store: the reference server's cluster workers share one SQLite file/)]);
}, 60_000);
