import { groupSkipped } from '../generate/skippedGroups.js';
import type { FaultFamilyPlan } from '../generate/targetFaults.js';

/**
 * One line per fault family a campaign asked for: the faults its scenarios
 * drew, then the faults the target could not take, with why (faults skipped
 * for the same reason share one line).
 *
 * @example
 * faultFamilyLines([{ family: 'database', drawn: ['db-down'], skipped: [{ fault: 'sqlite-stall', reason: 'needs a SQLite store' }] }]);
 * // ['database: ran db-down', '  skipped sqlite-stall: needs a SQLite store']
 */
export function faultFamilyLines(families: readonly FaultFamilyPlan[] | undefined): string[] {
  const lines: string[] = [];
  for (const plan of families ?? []) {
    lines.push(`${plan.family}: ${plan.drawn.length ? `ran ${plan.drawn.join(', ')}` : 'skipped (the target can take none of them)'}`);
    for (const group of groupSkipped(plan.skipped)) lines.push(`  skipped ${group.faults.join(', ')}: ${group.reason}`);
  }
  return lines;
}
