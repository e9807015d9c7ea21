/** A fault a target cannot take, and why. */
export interface SkippedFault {
  fault: string;
  reason: string;
}

/** Faults skipped for the same reason, said once. */
export interface SkippedGroup {
  faults: string[];
  /** The reason with its own fault's name taken out ("fault X needs ..." reads "needs ..."). */
  reason: string;
}

/**
 * Groups skipped faults whose reasons say the same thing about different
 * faults, so that a reason (with its hint of what to configure) is said once
 * for all of them instead of once per fault.
 *
 * @example
 * groupSkipped([
 *   { fault: 'db-down', reason: 'fault db-down needs a database behind a proxy' },
 *   { fault: 'db-timeout', reason: 'fault db-timeout needs a database behind a proxy' },
 * ]); // [{ faults: ['db-down', 'db-timeout'], reason: 'needs a database behind a proxy' }]
 */
export function groupSkipped(skipped: readonly SkippedFault[]): SkippedGroup[] {
  const groups = new Map<string, SkippedGroup>();
  for (const { fault, reason } of skipped) {
    const general = reason.startsWith(`fault ${fault} `) ? reason.slice(`fault ${fault} `.length) : reason;
    const group = groups.get(general) ?? { faults: [], reason: general };
    group.faults.push(fault);
    groups.set(general, group);
  }
  return [...groups.values()];
}
