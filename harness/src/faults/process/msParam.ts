import type { ParamSpec } from '../Fault.js';

/**
 * A duration parameter in ms, from 0 to 10 minutes, with the range generated
 * scenarios draw from.
 *
 * @example
 * const params = { delay: msParam('how long the target stays down', 1000, [100, 2000]) };
 */
export function msParam(description: string, defaultMs: number, generate: [number, number]): ParamSpec {
  return { kind: 'number', default: defaultMs, min: 0, max: 600_000, unit: 'ms', description, generate };
}
