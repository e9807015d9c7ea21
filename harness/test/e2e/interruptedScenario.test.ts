/**
 * A scenario cut by an interrupt (the campaign's AbortSignal) is never judged:
 * without its final phase, every acked message looks unstored, so judging it
 * made up `lost` messages against a correct server. And it stops promptly,
 * instead of waiting out the final phase's bounds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strategies } from '../../src/clients/strategies/registry.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { runScenario, type ScenarioSetup } from '../../src/core/runScenario.js';
import { packageRoot } from '../../src/paths.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { commandTarget } from '../../src/target/commandTarget.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';

let workDir: string;
let toxiproxy: ToxiproxyServer;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-interrupted-'));
  toxiproxy = await provideToxiproxy();
});
afterAll(async () => {
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
});

function setup(controller: AbortController, makeTarget: ScenarioSetup['makeTarget']): ScenarioSetup {
  return {
    toxiproxyUrl: toxiproxy.url,
    makeTarget,
    clients: 1,
    strategy: strategies['queued-retry'],
    strategyOptions: { ackTimeoutMs: 300, retries: Infinity },
    protocol: tutorialProtocol,
    transport: 'websocket',
    workDir,
    finalPhase: DEFAULT_FINAL_PHASE,
    signal: controller.signal,
  };
}

/** A Socket.IO server that takes every chat message and never acknowledges one. */
const NEVER_ACKS = `const { Server } = require('socket.io'); const io = new Server(Number(process.env.PORT)); io.on('connection', (s) => s.on('chat message', () => {})); console.log('up')`;

describe('a scenario cut by an interrupt', () => {
  it('is unknown and not judged, although the acked messages were never read back', async () => {
    const controller = new AbortController();
    const result = await runScenario(setup(controller, (dataDir) => referenceServerTarget({ dataDir })), async (world) => {
      world.clients[0]!.send('acked, then Ctrl-C');
      expect(await world.clients[0]!.drain(5000)).toBe(true);
      controller.abort();
    });
    expect(result.verdict).toBe('unknown');
    expect(result.error).toBe('interrupted');
    expect(result.check.anomalies).toEqual([]);
    expect(result.history.some((e) => e.type === 'final-read')).toBe(false);
    expect(result.history.some((e) => e.type === 'ok')).toBe(true);
  }, 30_000);

  it('stops waiting in the final phase at once: a drain bound of 20 s is not waited out', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const makeTarget: ScenarioSetup['makeTarget'] = (dataDir) =>
      commandTarget({
        config: { kind: 'command', command: [process.execPath, '-e', NEVER_ACKS], cwd: packageRoot, env: { PORT: '{port}' }, readyLog: 'up' },
        dataDir,
        logDir: dataDir,
        store: () => undefined,
      });
    const result = await runScenario(setup(controller, makeTarget), async (world) => {
      world.clients[0]!.send('never acknowledged');
      // Ctrl-C a second into the final phase, which waits up to drainMs for this message.
      setTimeout(() => {
        abortedAt = Date.now();
        controller.abort();
      }, 1000);
    });
    const stoppedIn = Date.now() - abortedAt;
    expect(DEFAULT_FINAL_PHASE.drainMs).toBeGreaterThan(10_000);
    expect(result.history.some((e) => e.type === 'final-phase')).toBe(true);
    expect(result.verdict).toBe('unknown');
    expect(result.error).toBe('interrupted');
    expect(stoppedIn).toBeLessThan(3000);
  }, 40_000);
});
