/**
 * A target that cannot be set up while a failure is being shrunk ends the
 * shrink, not the finding: the campaign stays `invalid` with the smallest
 * failure found so far, and says why shrinking stopped. Before, the setup
 * error turned a found bug into `unknown` (seen with a port taken by another
 * process during one start of a third-party server while shrinking).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { loadScenario } from '../../src/generate/loadScenario.js';
import { ROOT } from '../examples/runCli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-shrink-setup-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('keeps the failure found when a target will not start while shrinking', async () => {
  const refuse = path.join(dir, 'refuse-to-start');
  let shrinkStarted = false;
  const result = await runCampaign(
    resolveConfig({
      scenario: await loadScenario('ack-lost'),
      seed: 1,
      clients: 2,
      timeLimitMs: 30_000,
      reportsDir: dir,
      // The tutorial chat without its UNIQUE constraint: a retry after a lost ack is stored twice.
      target: {
        kind: 'command',
        command: ['sh', '-c', 'if [ -e "$REFUSE" ]; then echo "this start is refused by the test" >&2; exit 3; fi; exec node server.js'],
        cwd: path.join(ROOT, 'examples/tutorial-chat'),
        env: { PORT: '{port}', DB_FILE: '{db}', CHAT_BUG: 'no-unique', REFUSE: refuse },
        readyLog: 'chat listening on',
      },
      store: { kind: 'sqlite', file: '{db}', query: 'SELECT id, client_offset, content FROM messages ORDER BY id' },
    }),
    // From the first failure on, every start of the target fails.
    { reporters: [{ name: 'refuse-while-shrinking', onShrinkStart: async () => void (shrinkStarted = true, await writeFile(refuse, '')) }] },
  );
  expect(shrinkStarted).toBe(true);
  expect(result.error).toBeUndefined();
  expect(result.verdict).toBe('invalid');
  expect(result.anomalies.map((a) => a.kind)).toContain('duplicated');
  expect(result.counterexample?.commands.length).toBeGreaterThan(0);
  const stopped = result.unknowns.find((u) => /while shrinking/.test(u.reason));
  expect(stopped?.reason).toMatch(/did not start|exited|refused/);
}, 90_000);
