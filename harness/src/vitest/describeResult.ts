import type { CampaignResult } from '../core/CampaignResult.js';

/** How many unknown scenarios a message lists before it says "and N more". */
const UNKNOWNS_SHOWN = 5;

/**
 * What a campaign found, in words for a failing test: the verdict, every
 * anomaly, the shrunk counterexample's steps, the replay command and the
 * report folder; or why it could not decide.
 *
 * @example
 * describeResult(result);
 * // siochaos: invalid (seed 1, 15 scenarios): 1 anomaly
 * //   duplicated: c0-1 ("hi") was stored 2 times, at offsets 1, 2
 * // shrunk counterexample (2 steps):
 * //   1. CutAckDownstream(c0, "hi")
 * //   2. Emit(c0, "hi")
 * // replay: npx siochaos replay reports/default/2026-11-25T19-31-29-448Z
 */
export function describeResult(result: CampaignResult): string {
  const { figures } = result;
  const lines: string[] = [];
  const where = `seed ${result.seed}, ${figures.scenarios} scenario${figures.scenarios === 1 ? '' : 's'}`;
  if (result.verdict === 'valid') {
    lines.push(`siochaos: valid (${where}): no anomaly in ${figures.messagesSent} messages`);
  } else if (result.verdict === 'invalid') {
    const count = result.anomalies.length;
    lines.push(`siochaos: invalid (${where}): ${count} anomal${count === 1 ? 'y' : 'ies'}`);
    for (const anomaly of result.anomalies) lines.push(`  ${anomaly.kind}: ${anomaly.description}`);
  } else {
    const why = result.error ?? (result.interrupted ? 'the campaign was interrupted' : `${figures.unknown} scenarios could not be decided`);
    lines.push(`siochaos: unknown (${where}): could not decide: ${why}`);
    for (const unknown of result.unknowns.slice(0, UNKNOWNS_SHOWN)) lines.push(`  scenario ${unknown.index}: ${unknown.reason}`);
    if (result.unknowns.length > UNKNOWNS_SHOWN) lines.push(`  and ${result.unknowns.length - UNKNOWNS_SHOWN} more`);
  }
  const counterexample = result.counterexample;
  if (counterexample) {
    const steps = counterexample.commands.length;
    lines.push(`shrunk counterexample (${steps} step${steps === 1 ? '' : 's'}):`);
    counterexample.commands.forEach((command, i) => lines.push(`  ${i + 1}. ${command}`));
    lines.push(`replay: ${counterexample.replayCommand}`);
  }
  if (result.verdict !== 'valid') lines.push(`report: ${result.reportDir}`);
  return lines.join('\n');
}
