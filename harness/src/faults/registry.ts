import type { Fault } from './Fault.js';
import { bandwidth, latency, limitData, proxyDown, resetPeer, slicer, slowClose, timeout } from './toxiproxy/networkFaults.js';

/**
 * Every fault siochaos can inject, by name.
 *
 * @example
 * const fault = faults['limit-data'];
 */
export const faults = {
  latency,
  bandwidth,
  'slow-close': slowClose,
  timeout,
  'reset-peer': resetPeer,
  slicer,
  'limit-data': limitData,
  down: proxyDown,
} satisfies Record<string, Fault>;

/** The name of a built-in fault. */
export type FaultName = keyof typeof faults;

/**
 * Looks a fault up by name.
 *
 * @throws Error listing the valid names when there is no such fault.
 * @example
 * faultByName('latency').summary; // 'delay data by latency ± jitter ms'
 */
export function faultByName(name: string): Fault {
  const fault = (faults as Record<string, Fault>)[name];
  if (!fault) throw new Error(`unknown fault "${name}": use one of ${Object.keys(faults).join(', ')}`);
  return fault;
}
