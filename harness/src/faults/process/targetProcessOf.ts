import type { Target, TargetFailpoints, TargetProcess } from '../../target/Target.js';

/**
 * Why a process fault cannot act on `target`, or undefined when it can.
 *
 * @example
 * processUnavailable('crash', target); // undefined for the reference server
 */
export function processUnavailable(fault: string, target: Target): string | undefined {
  if (target.process) return undefined;
  return `fault ${fault} needs control over the target's process, but target ${target.name} was not started by siochaos: use a target siochaos launches (the reference server), or leave process faults out`;
}

/**
 * The target's process control, for a process fault.
 *
 * @throws Error saying the target has none and what to do.
 * @example
 * const control = targetProcessOf('pause', context.target);
 */
export function targetProcessOf(fault: string, target: Target): TargetProcess {
  const reason = processUnavailable(fault, target);
  if (reason || !target.process) throw new Error(reason);
  return target.process;
}

/**
 * Why `crash-at` cannot act on `target`, or undefined when it can.
 *
 * @example
 * failpointsUnavailable('crash-at', target);
 */
export function failpointsUnavailable(fault: string, target: Target): string | undefined {
  if (target.failpoints) return processUnavailable(fault, target);
  return `fault ${fault} needs failpoints in the target, but target ${target.name} has none (no admin endpoint): run the reference server with failpoints on (referenceServerTarget({ failpoints: true })), or leave ${fault} out`;
}

/**
 * The target's failpoints, for a fault that arms them.
 *
 * @throws Error saying the target has none and what to do.
 * @example
 * await targetFailpointsOf('crash-at', context.target).arm('before-insert', 1);
 */
export function targetFailpointsOf(fault: string, target: Target): TargetFailpoints {
  const reason = failpointsUnavailable(fault, target);
  if (reason || !target.failpoints) throw new Error(reason);
  return target.failpoints;
}
