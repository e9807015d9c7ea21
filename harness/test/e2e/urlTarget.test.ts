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
  const scenario = await loadScenario('server-crash');
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
  const skipped = result.skippedFaults.map((s) => s.fault);
  expect(skipped.length).toBeGreaterThan(0);
  for (const fault of skipped) expect(['crash', 'restart', 'pause', 'crash-at']).toContain(fault);
  expect(result.skippedFaults[0]!.reason.length).toBeGreaterThan(10);
  // The server we did not start is still the same process, untouched.
  expect(server.process.exitCode).toBeNull();
}, 120_000);
