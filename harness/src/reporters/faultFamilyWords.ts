import type { FaultFamilyPlan } from '../generate/targetFaults.js';

/**
 * One line per fault family a campaign asked for: the faults its scenarios
 * drew, then one line per fault the target could not take, with why.
 *
 * @example
 * faultFamilyLines([{ family: 'database', drawn: ['db-down'], skipped: [{ fault: 'sqlite-stall', reason: 'needs a SQLite store' }] }]);
 * // ['database: ran db-down', '  skipped sqlite-stall: needs a SQLite store']
 */
export function faultFamilyLines(families: readonly FaultFamilyPlan[] | undefined): string[] {
  const lines: string[] = [];
  for (const plan of families ?? []) {
    lines.push(`${plan.family}: ${plan.drawn.length ? `ran ${plan.drawn.join(', ')}` : 'skipped (the target can take none of them)'}`);
    for (const skip of plan.skipped) lines.push(`  skipped ${skip.fault}: ${skip.reason}`);
  }
  return lines;
}
