import type { CampaignFigures } from '../model/results.js';
import { SCENARIO_PHASES } from '../core/phaseClock.js';

/**
 * One line of a campaign's breakdown, for the console and summary.md: the
 * median scenario's ms per phase (phases at 0 left out) and the overhead's
 * share of all the scenarios' time.
 *
 * @example
 * phasesLine(result.figures.phasesMs!);
 * // 'median scenario: target 3 ms · proxies 12 ms · … — overhead 41% of 30.2 s'
 */
export function phasesLine(phases: NonNullable<CampaignFigures['phasesMs']>): string {
  const parts = SCENARIO_PHASES.filter((p) => phases.median[p] > 0).map((p) => `${p} ${Math.round(phases.median[p])} ms`);
  const all = SCENARIO_PHASES.reduce((sum, p) => sum + phases.total[p], 0);
  const share = all > 0 ? Math.round((100 * phases.overheadTotal) / all) : 0;
  return `median scenario: ${parts.join(' · ')}; overhead (all but its commands) ${share}% of ${(all / 1000).toFixed(1)} s`;
}
