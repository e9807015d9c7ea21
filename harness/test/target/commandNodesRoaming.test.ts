/**
 * A command target with nodes takes `balancer: 'roaming'` from its config
 * file: each reconnect of a client goes to another node (websocket clients),
 * and examples/cluster-chat's correct server stays valid under it.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT, runCli } from '../examples/runCli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-command-roaming-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every file under `folder` whose name ends with `suffix`. */
async function filesUnder(folder: string, suffix: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true });
  return entries.filter((entry) => entry.endsWith(suffix)).map((entry) => path.join(folder, entry));
}

it('balancer roaming on a {ports} command target: reconnects go to another node, and the correct server stays valid', async () => {
  const example = JSON.parse(await readFile(path.join(ROOT, 'examples/cluster-chat/siochaos.config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  const config = path.join(dir, 'roaming.json');
  await writeFile(
    config,
    JSON.stringify({
      ...example,
      $schema: undefined,
      name: 'cluster-chat-roaming',
      transport: 'websocket',
      target: { ...example.target, cwd: path.join(ROOT, 'examples/cluster-chat'), balancer: 'roaming' },
    }),
  );
  const reports = path.join(dir, 'reports');
  const run = await runCli(['run', '--config', config, 'flaky-network', '--time', '10s', '--seed', '1', '--all-histories', '--reports', reports], 90_000);
  expect(run.stdout + run.stderr).toMatch(/verdict: valid/);
  expect(run.code).toBe(0);

  const moves: { client: string; from: string; to: string; cause: string }[] = [];
  for (const file of await filesUnder(reports, '.jsonl')) {
    for (const line of (await readFile(file, 'utf8')).split('\n').filter(Boolean)) {
      const event = JSON.parse(line) as { type: string; client: string; from: string; to: string; cause: string };
      if (event.type === 'client-moved') moves.push(event);
    }
  }
  const roamed = moves.filter((move) => move.cause === 'roaming');
  expect(roamed.length, `moves: ${JSON.stringify(moves)}`).toBeGreaterThan(0);
  for (const move of roamed) expect(move.to).not.toBe(move.from);
}, 120_000);
