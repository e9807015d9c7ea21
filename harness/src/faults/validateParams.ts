import type { FaultParams, ParamSpec } from './Fault.js';

function listParams(specs: Readonly<Record<string, ParamSpec>>): string {
  const entries = Object.entries(specs).map(([name, spec]) =>
    spec.kind === 'number' ? `${name} (${spec.min}..${spec.max}${spec.unit ? ' ' + spec.unit : ''})` : `${name} (${spec.values.join('|')})`,
  );
  return entries.length ? entries.join(', ') : 'none';
}

/**
 * Checks a fault's parameters against its specs and fills in defaults.
 *
 * @throws Error naming the fault, the bad parameter and the valid ones.
 * @example
 * validateParams('latency', latency.params, { latency: 200 }); // { latency: 200, jitter: 0, stream: 'downstream' }
 */
export function validateParams(
  fault: string,
  specs: Readonly<Record<string, ParamSpec>>,
  input: Readonly<Record<string, unknown>>,
): FaultParams {
  const out: FaultParams = {};
  for (const key of Object.keys(input)) {
    if (!(key in specs)) {
      throw new Error(`fault ${fault} has no parameter "${key}": its parameters are ${listParams(specs)}`);
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = input[name] ?? spec.default;
    if (spec.kind === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
        throw new Error(`fault ${fault}: ${name} must be a number from ${spec.min} to ${spec.max}, got ${JSON.stringify(value)}`);
      }
    } else if (typeof value !== 'string' || !spec.values.includes(value)) {
      throw new Error(`fault ${fault}: ${name} must be one of ${spec.values.join(', ')}, got ${JSON.stringify(value)}`);
    }
    out[name] = value as number | string;
  }
  return out;
}
