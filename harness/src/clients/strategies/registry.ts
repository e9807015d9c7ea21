import type { StrategyFactory } from '../Strategy.js';
import { ackRetry } from './ackRetry.js';
import { atMostOnce } from './atMostOnce.js';
import { queuedRetry } from './queuedRetry.js';

/**
 * The built-in client strategies, by name.
 *
 * @example
 * const strategy = strategies['ack-retry']({ ackTimeoutMs: 500, retries: Infinity });
 */
export const strategies = {
  'at-most-once': atMostOnce,
  'ack-retry': ackRetry,
  'queued-retry': queuedRetry,
} satisfies Record<string, StrategyFactory>;

/** The name of a built-in strategy. */
export type StrategyName = keyof typeof strategies;

/** The names of the built-in strategies, for help texts and errors. */
export const strategyNames = Object.keys(strategies) as StrategyName[];

/**
 * Looks a strategy up by name.
 *
 * @throws Error listing the valid names when there is no such strategy.
 * @example
 * const factory = strategyByName('queued-retry');
 */
export function strategyByName(name: string, extra: Record<string, StrategyFactory> = {}): StrategyFactory {
  const all: Record<string, StrategyFactory> = { ...strategies, ...extra };
  const factory = all[name];
  if (!factory) throw new Error(`unknown strategy "${name}": use one of ${Object.keys(all).join(', ')}`);
  return factory;
}
