import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deliveryTest, DeliveryGuaranteeError, expectValid, runDeliveryCampaign } from 'siochaos/vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const reportsDir = path.join(os.tmpdir(), `siochaos-vitest-${process.pid}`);
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

describe('deliveryTest', () => {
  deliveryTest('the tutorial-chat example keeps its delivery guarantees', {
    config: path.join(ROOT, 'examples/tutorial-chat/siochaos.config.json'),
    seed: 1,
    timeLimitMs: 5000,
    reportsDir,
  });
});

describe('a failing campaign, as a test sees it', () => {
  it('fails with a message naming the anomaly, the shrunk steps and the replay command', async () => {
    const result = await runDeliveryCampaign({
      config: path.join(ROOT, 'examples/tutorial-chat/siochaos.buggy.config.json'),
      seed: 1,
      timeLimitMs: 8000,
      shrinkTimeLimitMs: 20_000,
      reportsDir,
    });
    expect(result.verdict).toBe('invalid');
    let error: unknown;
    try {
      expectValid(result);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DeliveryGuaranteeError);
    const message = (error as Error).message;
    expect(message).toMatch(/^siochaos: invalid \(seed 1, \d+ scenarios\): \d+ anomal/);
    expect(message).toMatch(/\n {2}duplicated: \S+ .* was stored 2 times/);
    const steps = result.counterexample!.commands;
    expect(steps.length).toBeGreaterThan(0);
    expect(message).toContain(`shrunk counterexample (${steps.length} step`);
    for (const [i, step] of steps.entries()) expect(message).toContain(`  ${i + 1}. ${step}`);
    expect(result.counterexample!.replayCommand).toMatch(/^npx siochaos replay \S+/);
    expect(message).toContain(`replay: ${result.counterexample!.replayCommand}`);
  }, 90_000);

  it('says why it could not decide when the target does not start', async () => {
    const result = await runDeliveryCampaign({
      target: { kind: 'command', command: [process.execPath, '-e', 'console.error("no DATABASE_URL"); process.exit(1)'] },
      store: { kind: 'none' },
      seed: 1,
      timeLimitMs: 2000,
      reportsDir,
    });
    expect(() => expectValid(result)).toThrow(/^siochaos: unknown \(seed 1, 0 scenarios\): could not decide: the target .* did not start: it exited[^]*no DATABASE_URL/);
  }, 30_000);
});
