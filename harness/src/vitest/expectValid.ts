import type { CampaignResult } from '../core/CampaignResult.js';
import { describeResult } from './describeResult.js';

/**
 * The error a campaign that is not `valid` fails a test with; its message is
 * {@link describeResult}'s.
 */
export class DeliveryGuaranteeError extends Error {
  override readonly name = 'DeliveryGuaranteeError';

  constructor(readonly result: CampaignResult) {
    super(describeResult(result));
  }
}

/**
 * Fails (throws) unless the campaign's verdict is `valid`, with a message that
 * names the anomalies, the shrunk counterexample's steps and the replay
 * command. Works in any test runner.
 *
 * @throws DeliveryGuaranteeError when the verdict is `invalid` or `unknown`.
 * @example
 * const result = await runDeliveryCampaign({ config: 'siochaos.config.json', timeLimitMs: 10_000 });
 * expectValid(result);
 */
export function expectValid(result: CampaignResult): void {
  if (result.verdict !== 'valid') throw new DeliveryGuaranteeError(result);
}
