import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiochaosConfig } from '../../src/model/config.js';
import { runCli, type CliRun } from '../examples/runCli.js';
import { processAlive, SOCKET_IO, writeServers } from './commandNodesServers.js';

let dir: string;
let servers: { node: string; cluster: string };
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-nodes-bad-'));
  servers = await writeServers(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `siochaos run` with a config file made of `config` (a JSON file: no type check, as a user's file). */
async function runWith(name: string, config: unknown): Promise<CliRun> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(config));
  return runCli(['run', '--config', file, '--time', '3s', '--seed', '1', '--reports', path.join(dir, 'reports')], 60_000);
}

/** The config error's one line (after the `invalid config:` heading), and exit 2. */
function configError(run: CliRun): string {
  expect(run.code).toBe(2);
  const lines = (run.stdout + run.stderr).trim().split('\n');
  expect(lines[0]).toBe('siochaos: invalid config:');
  expect(lines).toHaveLength(2);
  return lines[1]!;
}

const command = (target: Record<string, unknown>) => ({ target: { kind: 'command', command: ['node', 'server.js'], ...target }, store: { kind: 'none' } });

describe('a command target with nodes: bad input is one line and exit 2', () => {
  it('rejects the config before starting anything', async () => {
    const [ports, unknown, onePort, count, cluster] = await Promise.all([
      runWith('ports-no-nodes', command({ env: { PORTS: '{ports}' } })),
      runWith('unknown', command({ env: { PORT: '{port}', REDIS: '{redisURL}' }, nodes: 2 })),
      runWith('one-port', command({ nodes: 3 })),
      runWith('count', command({ env: { PORT: '{port}' }, nodes: 40 })),
      runWith('cluster-adapter', command({ env: { PORT: '{port}' }, nodes: 2, adapter: 'cluster' })),
    ]);
    expect(configError(ports)).toMatch(/target\.nodes: \{ports\} opens one port per node: set nodes/);
    expect(configError(unknown)).toMatch(/target\.command: unknown placeholder \{redisURL\}: use \{port\}, \{ports\}/);
    expect(configError(onePort)).toMatch(/target\.nodes: 3 commands cannot all listen on one port: give each its \{port\} \(or one command \{ports\}\)/);
    expect(configError(count)).toMatch(/target\.nodes: .*<=16/);
    expect(configError(cluster)).toMatch(/target\.adapter: the cluster adapter runs between node:cluster workers of one command: open the ports with \{ports\}/);
  }, 60_000);

  it('ports that never open: the port and node named, in one line, within the start timeout, nothing left running', async () => {
    const run = await runWith('never-open', {
      target: { kind: 'command', command: [process.execPath, servers.cluster], env: { PORTS: '{ports}', SIO: SOCKET_IO, LISTEN: '1' }, nodes: 2, startTimeout: '2s' },
      store: { kind: 'none' },
    });
    expect(run.code).toBe(2);
    const output = run.stdout + run.stderr;
    const line = output.split('\n').find((l) => l.includes('did not start'));
    expect(line).toMatch(/the target `\S+ \S+cluster\.cjs` did not start: port \d+ \(n1\) did not open within 2000 ms \(ports \d+,\d+\); its last output:$/);
    expect(output).toMatch(/node n0 up/);
    const primary = Number(/primary (\d+)/.exec(output)?.[1]);
    expect(primary).toBeGreaterThan(0);
    expect(processAlive(primary)).toBe(false);
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 60_000);
});
