import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { DEFAULT_FINAL_PHASE, DRAIN_MARGIN_MS, finalPhaseBounds } from '../../src/config/finalPhaseBounds.js';

describe('finalPhaseBounds', () => {
  it('gives the drain one ack timeout, then until a stuck message counts as unanswered, plus the margin', () => {
    // 1 s: the attempt in flight runs out (1 s), three re-sends over the 2 s floor.
    expect(finalPhaseBounds({ ackTimeoutMs: 1000, retries: Infinity }).drainMs).toBe(1000 + 2000 + DRAIN_MARGIN_MS);
    // 10 s: three re-sends a whole ack timeout apart take two more of them.
    expect(finalPhaseBounds({ ackTimeoutMs: 10_000, retries: 3 }).drainMs).toBe(10_000 + 20_000 + DRAIN_MARGIN_MS);
    // The old fixed 20 s drain could not hold them: the re-sends `unacknowledged` needs did not fit.
    expect(finalPhaseBounds({ ackTimeoutMs: 10_000, retries: 3 }).drainMs - DRAIN_MARGIN_MS).toBeGreaterThan(20_000);
  });

  it('is no longer than the retries last when they run out first', () => {
    expect(finalPhaseBounds({ ackTimeoutMs: 10_000, retries: 0 }).drainMs).toBe(10_000 + DRAIN_MARGIN_MS);
    expect(finalPhaseBounds({ ackTimeoutMs: 10_000, retries: 1 }).drainMs).toBe(20_000 + DRAIN_MARGIN_MS);
  });

  it('keeps the bounds that do not depend on the client', () => {
    const { connectMs, catchUpMs, quietMs } = finalPhaseBounds({ ackTimeoutMs: 10_000, retries: 3 });
    expect({ connectMs, catchUpMs, quietMs }).toEqual({ connectMs: DEFAULT_FINAL_PHASE.connectMs, catchUpMs: DEFAULT_FINAL_PHASE.catchUpMs, quietMs: DEFAULT_FINAL_PHASE.quietMs });
  });
});

describe('resolveConfig', () => {
  it('derives the final phase from the ack timeout and retries, and a user setting wins', () => {
    expect(resolveConfig({ ackTimeoutMs: 10_000, retries: 3 }).finalPhase).toEqual(finalPhaseBounds({ ackTimeoutMs: 10_000, retries: 3 }));
    expect(resolveConfig({}).finalPhase).toEqual(DEFAULT_FINAL_PHASE);
    expect(resolveConfig({ ackTimeoutMs: 10_000, finalPhase: { drainMs: 5000 } }).finalPhase.drainMs).toBe(5000);
  });
});
