import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runCli } from './runCli.js';

/** What a multi-node example's campaign left: its results.json, and the nodes that served connections and handled messages. */
export interface MultiNodeRun {
  results: { verdict: string; figures: { scenarios: number; messagesSent: number; messagesStored: number; faultsInjected: Record<string, number> }; scenarios: { figures: { nodes?: Record<string, { connections: number; handled: number }> } }[] };
  /** Every node that served a connection in some scenario. */
  served: Set<string>;
  /** Every node that handled a message in some scenario. */
  handled: Set<string>;
}

/**
 * Runs an example's config through the real CLI (`scenario` or the config's
 * own, `time`, seed 1), expects `verdict: valid` and exit 0, and reads its
 * results.json.
 *
 * @example
 * const { served } = await runValid('examples/cluster-chat/siochaos.config.json', 'cluster-chat', reports, '10s');
 */
export async function runValid(config: string, name: string, reports: string, time: string, scenario?: string): Promise<MultiNodeRun> {
  const run = await runCli(['run', '--config', config, ...(scenario ? [scenario] : []), '--time', time, '--seed', '1', '--reports', reports]);
  expect(run.stdout + run.stderr).toMatch(/verdict: valid/);
  expect(run.code).toBe(0);
  const folders = (await readdir(path.join(reports, name))).sort();
  const results = JSON.parse(await readFile(path.join(reports, name, folders.at(-1)!, 'results.json'), 'utf8')) as MultiNodeRun['results'];
  const served = new Set<string>();
  const handled = new Set<string>();
  for (const scenarioResult of results.scenarios) {
    for (const [node, figures] of Object.entries(scenarioResult.figures.nodes ?? {})) {
      if (figures.connections > 0) served.add(node);
      if (figures.handled > 0) handled.add(node);
    }
  }
  expect(results.figures.messagesStored).toBe(results.figures.messagesSent);
  return { results, served, handled };
}

/**
 * A reports folder of the test file's own, made before its tests and removed after them.
 *
 * @example
 * const reports = reportsFolder('cluster-chat');
 * await runValid(config, 'cluster-chat', reports.path, '8s');
 */
export function reportsFolder(name: string): { path: string } {
  const folder = { path: '' };
  beforeAll(async () => {
    folder.path = await mkdtemp(path.join(os.tmpdir(), `siochaos-${name}-`));
  });
  afterAll(async () => {
    await rm(folder.path, { recursive: true, force: true });
  });
  return folder;
}
