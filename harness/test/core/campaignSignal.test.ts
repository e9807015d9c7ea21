import { afterEach, describe, expect, it } from 'vitest';
import { campaignSignal } from '../../src/core/campaignSignal.js';
import { sleep } from '../../src/net/waitFor.js';

const warnings: string[] = [];
const onWarning = (warning: Error) => void warnings.push(`${warning.name}: ${warning.message}`);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

/** Lets 30 waits listen to `signal` at once, then aborts it; the warnings Node printed meanwhile. */
async function thirtyWaits(signal: AbortSignal, abort: () => void): Promise<string[]> {
  process.on('warning', onWarning);
  const waits = Array.from({ length: 30 }, () => sleep(60_000, signal));
  abort();
  await Promise.all(waits);
  // Node emits 'warning' on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'));
}

describe('a campaign signal', () => {
  it('takes many waits at once without a MaxListenersExceededWarning', async () => {
    const controller = new AbortController();
    expect(await thirtyWaits(campaignSignal(controller.signal), () => controller.abort())).toEqual([]);
  });

  it('is needed: a plain signal warns past 10 waits', async () => {
    const controller = new AbortController();
    expect(await thirtyWaits(controller.signal, () => controller.abort())).toHaveLength(1);
  });
});
