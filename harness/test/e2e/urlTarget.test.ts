import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchReferenceServer, type LaunchedReferenceServer } from '../../../reference-server/src/launch.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { loadScenario } from '../../src/generate/loadScenario.js';

let dir: string;
let server: LaunchedReferenceServer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-url-'));
  server = await launchReferenceServer({ db: path.join(dir, 'shared.sqlite') });
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('tests a server that is already running: one shared store, checks scoped per scenario, process faults skipped and said so', async () => {
  // server-crash's process faults, and latency: the process family is skipped before the first scenario, latency runs.
  const scenario = { ...(await loadScenario('server-crash')), faults: ['latency'] };
  const result = await runCampaign(
    resolveConfig({
      scenario,
      seed: 8,
      runs: 6,
      clients: 2,
      reportsDir: dir,
      target: { kind: 'url', url: `http://127.0.0.1:${server.port}` },
      store: { kind: 'sqlite', file: path.join(dir, 'shared.sqlite'), query: 'SELECT id, client_offset, content FROM messages ORDER BY id' },
    }),
  );
  expect(result.error).toBeUndefined();
  // Rows of earlier scenarios stay in the shared store and must never show up as phantoms.
  expect(result.verdict).toBe('valid');
  expect(result.figures.scenarios).toBe(6);
  expect(result.figures.messagesStored).toBe(result.figures.messagesSent);
  expect(result.figures.messagesSent).toBeGreaterThan(0);
  const process = result.faultFamilies.find((f) => f.family === 'process')!;
  expect(process.drawn).toEqual([]);
  expect(process.skipped.map((s) => s.fault)).toEqual(['crash', 'restart', 'pause', 'crash-at']);
  expect(process.skipped[0]!.reason).toMatch(/was not started by siochaos/);
  // Chosen before the first scenario: no scenario drew a fault it then had to skip.
  expect(result.skippedFaults).toEqual([]);
  // The report says the shared store was judged on each scenario's own rows only.
  expect(result.storeScope).toBe('own-messages');
  expect(Object.keys(result.figures.faultsInjected)).toEqual(['latency']);
  // The server we did not start is still the same process, untouched.
  expect(server.process.exitCode).toBeNull();
}, 120_000);

it('refuses server-crash against a server it did not start, saying why, instead of a run with no fault', async () => {
  const result = await runCampaign(
    resolveConfig({
      scenario: await loadScenario('server-crash'),
      seed: 8,
      runs: 2,
      clients: 2,
      reportsDir: dir,
      target: { kind: 'url', url: `http://127.0.0.1:${server.port}` },
      store: { kind: 'sqlite', file: path.join(dir, 'shared.sqlite'), query: 'SELECT id, client_offset, content FROM messages ORDER BY id' },
    }),
  );
  expect(result.verdict).toBe('unknown');
  expect(result.error).toMatch(/scenario server-crash draws faults, but this target can take none of them \(crash, restart, pause(, crash-at)?: needs control over the target's process/);
  expect(result.figures.scenarios).toBe(0);
}, 60_000);
