import type { CampaignFigures, FaultFamilyPlan, ResultsFile } from '../model/results.js';

/**
 * Campaign figures added up: every count summed, faults injected summed by
 * name. `phasesMs` is left out: its medians are not sums (mergeResults
 * figures it again from the scenarios).
 *
 * @example
 * sumFigures([a.figures, b.figures]).scenarios; // a's scenarios + b's
 */
export function sumFigures(all: readonly CampaignFigures[]): CampaignFigures {
  const sum: CampaignFigures = {
    scenarios: 0, valid: 0, invalid: 0, unknown: 0, shrinkRuns: 0,
    messagesSent: 0, messagesAcked: 0, messagesStored: 0, retries: 0, faultsInjected: {},
  };
  for (const f of all) {
    sum.scenarios += f.scenarios;
    sum.valid += f.valid;
    sum.invalid += f.invalid;
    sum.unknown += f.unknown;
    sum.shrinkRuns += f.shrinkRuns;
    sum.messagesSent += f.messagesSent;
    sum.messagesAcked += f.messagesAcked;
    sum.messagesStored += f.messagesStored;
    sum.retries += f.retries;
    for (const [name, n] of Object.entries(f.faultsInjected)) sum.faultsInjected[name] = (sum.faultsInjected[name] ?? 0) + n;
  }
  return sum;
}

/**
 * The fault families of several reports as one list: per family, the faults
 * any of them drew, and the faults skipped (with why) that none drew.
 *
 * @example
 * mergeFaultFamilies([[{ family: 'network', drawn: ['reset'], skipped: [] }], [{ family: 'network', drawn: ['latency'], skipped: [] }]]);
 * // [{ family: 'network', drawn: ['reset', 'latency'], skipped: [] }]
 */
export function mergeFaultFamilies(all: readonly (readonly FaultFamilyPlan[])[]): FaultFamilyPlan[] {
  const byFamily = new Map<FaultFamilyPlan['family'], { drawn: Set<string>; skipped: Map<string, string> }>();
  for (const plans of all) {
    for (const plan of plans) {
      let entry = byFamily.get(plan.family);
      if (!entry) byFamily.set(plan.family, (entry = { drawn: new Set(), skipped: new Map() }));
      for (const fault of plan.drawn) entry.drawn.add(fault);
      for (const skip of plan.skipped) if (!entry.skipped.has(skip.fault)) entry.skipped.set(skip.fault, skip.reason);
    }
  }
  return [...byFamily].map(([family, { drawn, skipped }]) => ({
    family,
    drawn: [...drawn],
    skipped: [...skipped].filter(([fault]) => !drawn.has(fault)).map(([fault, reason]) => ({ fault, reason })),
  }));
}

/**
 * Skipped faults of several reports as one list, counts summed per fault and reason.
 *
 * @example
 * mergeSkippedFaults([[{ fault: 'crash', reason: 'no process', count: 2 }], [{ fault: 'crash', reason: 'no process', count: 1 }]]);
 * // [{ fault: 'crash', reason: 'no process', count: 3 }]
 */
export function mergeSkippedFaults(all: readonly ResultsFile['skippedFaults'][]): ResultsFile['skippedFaults'] {
  const byKey = new Map<string, ResultsFile['skippedFaults'][number]>();
  for (const list of all) {
    for (const skip of list) {
      const key = `${skip.fault}\u0000${skip.reason}`;
      const seen = byKey.get(key);
      byKey.set(key, seen ? { ...seen, count: seen.count + skip.count } : { ...skip });
    }
  }
  return [...byKey.values()];
}
