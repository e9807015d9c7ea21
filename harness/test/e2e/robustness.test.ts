/**
 * Robustness probes against real servers: what real clients send that a
 * handler must survive. The reference server stays up and stores no bad row;
 * the tutorial's step-8 server dies of a missing client offset, and once its
 * callback is guarded it stores bad rows. Each failure names its payload.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_KINDS } from '../../src/clients/probePayload.js';
import { strategies } from '../../src/clients/strategies/registry.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { runScenario, type ScenarioResult, type ScenarioSetup } from '../../src/core/runScenario.js';
import type { World } from '../../src/generate/World.js';
import type { ProbeKind } from '../../src/history/events.js';
import { packageRoot } from '../../src/paths.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { storeReader } from '../../src/stores/readers.js';
import { commandTarget } from '../../src/target/commandTarget.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';

let workDir: string;
let toxiproxy: ToxiproxyServer;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-robustness-'));
  toxiproxy = await provideToxiproxy();
});
afterAll(async () => {
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
});

const STEP8 = path.join(packageRoot, 'harness/test/fixtures/tutorial-step8');

/** The tutorial's step-8 server as a command target, its SQLite file as the store. */
function step8(env: Record<string, string> = {}): ScenarioSetup['makeTarget'] {
  return (dataDir) =>
    commandTarget({
      config: { kind: 'command', command: ['node', 'server.js'], cwd: STEP8, env: { PORT: '{port}', DB_FILE: '{db}', ...env }, readyLog: 'server running at' },
      dataDir,
      logDir: dataDir,
      store: (values) =>
        storeReader(
          { kind: 'sqlite', file: '{db}', query: 'SELECT id, client_offset, content FROM messages ORDER BY id', fields: { offset: 'id', msg: 'client_offset', content: 'content' } },
          values,
        ),
    });
}

function run(makeTarget: ScenarioSetup['makeTarget'], probes: readonly ProbeKind[]): Promise<ScenarioResult> {
  const setup: ScenarioSetup = {
    toxiproxyUrl: toxiproxy.url,
    makeTarget,
    clients: 2,
    strategy: strategies['queued-retry'],
    strategyOptions: { ackTimeoutMs: 500, retries: Infinity },
    protocol: tutorialProtocol,
    transport: 'websocket',
    workDir,
    finalPhase: { ...DEFAULT_FINAL_PHASE, drainMs: 5000 },
    signal: new AbortController().signal,
  };
  return runScenario(setup, async (world: World) => {
    world.clients[0]!.send('before the probes');
    expect(await world.clients[0]!.drain(5000)).toBe(true);
    for (const kind of probes) world.clients[1]!.probe!(kind);
    world.clients[0]!.send('after the probes');
    await world.clients[0]!.drain(5000);
  });
}

const kinds = (result: ScenarioResult) => result.check.anomalies.map((a) => a.kind);

describe('robustness probes', () => {
  it('the reference server survives every probe and stores no bad row', async () => {
    const result = await run((dataDir) => referenceServerTarget({ dataDir }), PROBE_KINDS);
    expect(result.check.anomalies).toEqual([]);
    expect(result.verdict).toBe('valid');
    expect(result.history.filter((e) => e.type === 'probe').map((e) => e.type === 'probe' && e.probe)).toEqual([...PROBE_KINDS]);
    expect(result.history.some((e) => e.type === 'target-exit')).toBe(false);
    // The plain emit is a well-formed message: stored (and judged only by the robustness checker).
    expect(result.check.counts).toMatchObject({ probes: PROBE_KINDS.length, probeRows: 1, badRows: 0 });
    // ... and not counted as a message stored.
    expect(result.figures.stored).toBe(2);
  }, 60_000);

  it("the step-8 server dies of a missing client offset: target-crashed, naming that payload", async () => {
    const result = await run(step8(), ['missing-offset']);
    expect(kinds(result)).toContain('target-crashed');
    const crashed = result.check.anomalies.find((a) => a.kind === 'target-crashed')!;
    expect(crashed.payload).toBe('chat message ["siochaos probe c1#1"] with an ack function');
    expect(crashed.description).toContain('TypeError: callback is not a function');
  }, 60_000);

  it('the step-8 server with its callback guarded stays up but stores bad rows: bad-row-stored, naming each payload', async () => {
    const result = await run(step8({ STEP8_CHECKS_CALLBACK: '1' }), PROBE_KINDS);
    expect(kinds(result)).not.toContain('target-crashed');
    const bad = result.check.anomalies.filter((a) => a.kind === 'bad-row-stored');
    const probes = bad.map((a) => /\((\S+) probe/.exec(a.description)?.[1]).sort();
    expect(probes).toEqual(['content-wrong-type', 'missing-offset', 'offset-wrong-type']);
    expect(bad.find((a) => a.description.includes('(missing-offset'))?.payload).toBe('chat message ["siochaos probe c1#2"] with an ack function');
    expect(result.verdict).toBe('invalid');
  }, 60_000);
});
