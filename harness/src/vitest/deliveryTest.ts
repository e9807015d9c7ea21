import { test } from 'vitest';
import { DEFAULTS } from '../config/defaults.js';
import { expectValid } from './expectValid.js';
import { runDeliveryCampaign, type DeliveryCampaignOptions } from './runDeliveryCampaign.js';

/** Options of {@link deliveryTest}: the campaign's, and the test's timeout. */
export interface DeliveryTestOptions extends Omit<DeliveryCampaignOptions, 'signal'> {
  /** The test's timeout in ms (default: the search and shrink time limits plus a minute for setup). */
  timeout?: number;
}

/**
 * Registers a vitest test that runs a siochaos campaign against your server
 * and passes only when the verdict is `valid`. A failure names the anomalies,
 * the shrunk counterexample's steps and the command that replays it.
 *
 * @example
 * // test/delivery.test.ts
 * import { deliveryTest } from 'siochaos/vitest';
 *
 * deliveryTest('chat keeps its delivery guarantees', {
 *   config: 'siochaos.config.json',
 *   timeLimitMs: 20_000,
 *   seed: 42,
 * });
 */
export function deliveryTest(name: string, options: DeliveryTestOptions = {}): void {
  const { timeout, ...campaign } = options;
  const timeLimitMs = campaign.timeLimitMs ?? DEFAULTS.timeLimitMs;
  const shrinkTimeLimitMs = campaign.shrinkTimeLimitMs ?? DEFAULTS.shrinkTimeLimitMs;
  test(
    name,
    async ({ signal }) => {
      expectValid(await runDeliveryCampaign({ ...campaign, signal }));
    },
    timeout ?? timeLimitMs + shrinkTimeLimitMs + 60_000,
  );
}
