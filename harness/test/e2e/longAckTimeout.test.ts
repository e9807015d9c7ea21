/**
 * With the tutorial page's own client settings (a 10 s ack timeout, 3
 * retries) the final phase's bounds come from the strategy: a server that
 * stores a message and never acknowledges its retries shows `unacknowledged`
 * in the scenario that shows it, and a correct server is `valid`, not
 * `unknown`. Before, a fixed 20 s drain and a 2 s rule did not fit the three
 * re-sends, 10 s apart, that `unacknowledged` needs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { strategies } from '../../src/clients/strategies/registry.js';
import { finalPhaseBounds } from '../../src/config/finalPhaseBounds.js';
import { runScenario } from '../../src/core/runScenario.js';
import { CutAckDownstreamCommand } from '../../src/generate/commands/CutAckDownstreamCommand.js';
import { EmitCommand } from '../../src/generate/commands/EmitCommand.js';
import { initialModel } from '../../src/generate/Model.js';
import { harnessEventText } from '../../src/history/harnessEventText.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';

let workDir: string;
let toxiproxy: ToxiproxyServer;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-ack10s-'));
  toxiproxy = await provideToxiproxy();
});
afterAll(async () => {
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
});

const strategyOptions = { ackTimeoutMs: 10_000, retries: 3 };

/** c0's first message is stored but its ack cut; two more queue behind it; then the final phase heals. */
function scenarioAgainst(bugs: string[]) {
  return runScenario(
    {
      toxiproxyUrl: toxiproxy.url,
      makeTarget: (dataDir) => referenceServerTarget({ dataDir, bugs }),
      clients: 2,
      strategy: strategies['queued-retry'],
      strategyOptions,
      protocol: tutorialProtocol,
      transport: 'websocket',
      workDir,
      finalPhase: finalPhaseBounds(strategyOptions),
      signal: new AbortController().signal,
    },
    async (world) => {
      const model = initialModel(2);
      await new CutAckDownstreamCommand(0, 'stored, ack cut').run(model, world);
      await new EmitCommand(0, 'queued behind it').run(model, world);
      await new EmitCommand(0, 'and another').run(model, world);
    },
  );
}

it('a 10 s ack timeout: the no-retry-ack-on-duplicate bug is unacknowledged, the correct server valid', async () => {
  const [buggy, correct] = await Promise.all([scenarioAgainst(['no-retry-ack-on-duplicate']), scenarioAgainst([])]);
  expect(buggy.history.find((e) => e.type === 'strategy')).toMatchObject({ name: 'queued-retry', ackTimeoutMs: 10_000, retries: 3 });
  expect(buggy.verdict, buggy.check.notes.join('\n')).toBe('invalid');
  expect(buggy.check.anomalies.map((a) => a.kind)).toContain('unacknowledged');
  const stuck = buggy.history.find((e) => e.type === 'stuck');
  expect(stuck, 'the drain stopped waiting once the client was stuck').toBeDefined();
  expect(stuck && harnessEventText(stuck)).toMatch(/re-sent at least 3 times over 20 s since the heal/);
  expect(correct.verdict, correct.check.notes.join('\n')).toBe('valid');
  expect(correct.figures.stored).toBe(3);
}, 120_000);
