import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchReferenceServer, type LaunchedReferenceServer } from '../../../reference-server/src/launch.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import { runCampaign } from '../../src/core/runCampaign.js';

let dir: string;
let server: LaunchedReferenceServer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-rerun-'));
  server = await launchReferenceServer({ db: path.join(dir, 'shared.sqlite') });
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** One seed, one server that keeps its store: the rows of every earlier run stay there. */
function options(): CampaignOptions {
  return {
    seed: 33,
    runs: 4,
    clients: 2,
    maxCommands: 6,
    reportsDir: dir,
    target: { kind: 'url', url: `http://127.0.0.1:${server.port}` },
    store: { kind: 'sqlite', file: path.join(dir, 'shared.sqlite'), query: 'SELECT id, client_offset, content FROM messages ORDER BY id' },
  };
}

it('a rerun and a replay of the same seed against one shared store are valid: earlier runs\' rows are never read as their own', async () => {
  const first = await runCampaign(resolveConfig({ ...options(), name: 'first' }));
  expect(first.error).toBeUndefined();
  expect(first.verdict).toBe('valid');
  expect(first.figures.messagesSent).toBeGreaterThan(0);

  // A CI rerun: the same seed draws the same scenarios, with the same client offsets but for the prefix.
  const rerun = await runCampaign(resolveConfig({ ...options(), name: 'rerun' }));
  expect(rerun.error).toBeUndefined();
  expect(rerun.verdict).toBe('valid');
  expect(rerun.figures.messagesStored).toBe(rerun.figures.messagesSent);

  // A replay of the seed's second scenario runs it as the replay's first: before run ids, its prefix `s33.1.` was
  // that of the first run's scenario 1, whose rows it did not send came out `phantom`.
  const replay = await runCampaign(resolveConfig({ ...options(), name: 'replay', replay: { path: '1', commandsPath: '' } }));
  expect(replay.error).toBeUndefined();
  expect(replay.verdict).toBe('valid');
  expect(replay.figures.scenarios).toBe(1);
  expect(replay.figures.messagesStored).toBe(replay.figures.messagesSent);
}, 180_000);
