import { kindsOnSide } from '../model/anomalies.js';
import type { Checker } from './Checker.js';
import { deliveryChecker } from './delivery.js';
import { orderingChecker } from './ordering.js';
import { receiveChecker } from './receive.js';
import { robustnessChecker } from './robustness.js';
import { crashChecker } from './targetCrash.js';

/**
 * The built-in checkers by name, each with the anomaly kinds it reports.
 * `crash` reports a target that died on its own (`target-crashed`);
 * `robustness` a row stored for a malformed payload (`bad-row-stored`).
 * `ordering` judges `stored-in-send-order`, which only ordered client
 * strategies (`queued-retry`) promise: `checkHistory` leaves it out when
 * `reordered` is not judged (see `model/promises.ts`).
 *
 * @example
 * const result = checkerRegistry.delivery.check(buildView(history));
 */
export const checkerRegistry = {
  delivery: { ...deliveryChecker, kinds: ['lost', 'abandoned', 'rejected', 'duplicated', 'phantom', 'unacknowledged'] },
  ordering: { ...orderingChecker, kinds: ['reordered'] },
  receive: { ...receiveChecker, kinds: kindsOnSide('receive') },
  crash: { ...crashChecker, kinds: ['target-crashed'] },
  robustness: { ...robustnessChecker, kinds: ['bad-row-stored'] },
} as const satisfies Record<string, Checker>;

/** The name of a built-in checker. */
export type BuiltinCheckerName = keyof typeof checkerRegistry;

/**
 * Every built-in checker, in the order `checkHistory` runs them by default.
 *
 * @example
 * const unordered = builtinCheckerNames.filter((n) => n !== 'ordering');
 */
export const builtinCheckerNames: readonly BuiltinCheckerName[] = ['delivery', 'ordering', 'receive', 'crash', 'robustness'];
