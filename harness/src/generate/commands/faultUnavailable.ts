import type { World } from '../World.js';
import type { Fault } from '../../faults/Fault.js';

/**
 * Whether `fault` cannot act on this scenario's target; if so, records it as
 * a `fault-skipped` event (the campaign lists those in its report), so that the
 * command that wanted it does nothing instead.
 *
 * @example
 * async run(model, world) { if (beginCommand(world, this) || faultUnavailable(world, fault)) return; ... }
 */
export function faultUnavailable(world: World, fault: Fault): boolean {
  const unavailable = fault.unavailableReason?.(world.injector.context);
  if (!unavailable) return false;
  world.recorder.record({ type: 'fault-skipped', fault: fault.name, reason: unavailable });
  return true;
}
