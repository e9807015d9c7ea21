import fc from 'fast-check';
import type { Fault, ParamSpec } from '../faults/Fault.js';

function paramArbitrary(spec: ParamSpec, nodes: number): fc.Arbitrary<number | string> {
  if (spec.kind === 'number') {
    const [min, max] = spec.node && nodes >= 2 ? [0, nodes - 1] : (spec.generate ?? [spec.min, spec.max]);
    return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  }
  return fc.constantFrom(...(spec.generate ?? spec.values));
}

/**
 * Generated parameters of a fault, each within its `generate` range (or its
 * valid range), shrinking towards the range's low end. A node index is drawn
 * among the target's `nodes` (when it has several).
 *
 * @example
 * fc.sample(faultParamsArbitrary(faults.latency), 1); // [{ stream: 'downstream', latency: 431, jitter: 12 }]
 * fc.sample(faultParamsArbitrary(faults['node-crash'], 3), 1); // [{ node: 2 }]
 */
export function faultParamsArbitrary(fault: Fault, nodes = 1): fc.Arbitrary<Record<string, number | string>> {
  const entries = Object.entries(fault.params).map(([name, spec]) => [name, paramArbitrary(spec, nodes)] as const);
  return fc.record(Object.fromEntries(entries)) as fc.Arbitrary<Record<string, number | string>>;
}

/**
 * Which clients a client-side fault hits: mostly one, sometimes several.
 *
 * @example
 * fc.sample(clientSubset(3), 2); // [[1], [0, 2]]
 */
export function clientSubset(clients: number): fc.Arbitrary<number[]> {
  const indices = Array.from({ length: clients }, (_, i) => i);
  return fc.oneof(
    { weight: 3, arbitrary: fc.nat({ max: clients - 1 }).map((c) => [c]) },
    { weight: 1, arbitrary: fc.subarray(indices, { minLength: 1 }) },
  );
}
