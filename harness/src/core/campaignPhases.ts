import type { CampaignFigures } from '../model/results.js';
import { quantile } from './figures.js';
import { noPhases, overheadMs, SCENARIO_PHASES, type ScenarioPhases } from './phaseClock.js';

/** A campaign's breakdown of where its scenarios' time went (results.json `figures.phasesMs`). */
export type CampaignPhases = NonNullable<CampaignFigures['phasesMs']>;

const median = (values: number[]): number => quantile([...values].sort((a, b) => a - b), 0.5);

/**
 * Sums and medians of the scenarios' phases: per phase, and of their overhead
 * (everything but their own commands and waits); undefined for none.
 *
 * @example
 * campaignPhases(summaries.flatMap((s) => s.figures.phasesMs ?? []))?.overheadMedian;
 */
export function campaignPhases(scenarios: readonly ScenarioPhases[]): CampaignPhases | undefined {
  if (scenarios.length === 0) return undefined;
  const total = noPhases();
  const medianOf = noPhases();
  for (const phase of SCENARIO_PHASES) {
    total[phase] = scenarios.reduce((sum, s) => sum + s[phase], 0);
    medianOf[phase] = median(scenarios.map((s) => s[phase]));
  }
  const overheads = scenarios.map(overheadMs);
  return { total, median: medianOf, overheadTotal: overheads.reduce((a, b) => a + b, 0), overheadMedian: median(overheads) };
}
