/**
 * siochaos for vitest: `import { deliveryTest, expectValid } from 'siochaos/vitest'`.
 * Every export is named.
 */
export { deliveryTest, type DeliveryTestOptions } from './deliveryTest.js';
export { runDeliveryCampaign, type DeliveryCampaignOptions } from './runDeliveryCampaign.js';
export { expectValid, DeliveryGuaranteeError } from './expectValid.js';
export { describeResult } from './describeResult.js';
