/** The benchmark's targets, as figures met or missed (not pass/fail). */
import type { BugRow, ThroughputRow } from './table.js';

/** One target and where the run stands. */
export interface TargetFigure {
  target: string;
  met: boolean;
  figure: string;
}

const list = (names: readonly string[]): string => (names.length === 0 ? 'none' : names.join(', '));

/**
 * Checks the measured figures against the issue's targets: every bug found
 * by every seed within the limit, median time to detect ≤ 5 s, shrunk
 * counterexamples ≤ 5 commands, ≥ 10× faster than the baseline on the median,
 * proxies ≥ 70% of direct throughput. Only the targets of what was measured.
 *
 * @example
 * for (const t of zooTargets(rows, throughput, 60)) console.log(t.met, t.target, t.figure);
 */
export function zooTargets(rows: readonly BugRow[], throughput: readonly ThroughputRow[], timeLimitS: number): TargetFigure[] {
  const missedSeeds = rows.filter((r) => r.siochaos.detected < r.siochaos.seeds).map((r) => `${r.bug} (${r.siochaos.detected}/${r.siochaos.seeds})`);
  const slow = rows
    .filter((r) => r.siochaos.medianSecondsToDetect === null || r.siochaos.medianSecondsToDetect > 5)
    .map((r) => `${r.bug} (${r.siochaos.medianSecondsToDetect?.toFixed(1) ?? 'never'})`);
  const long = rows.filter((r) => (r.siochaos.maxShrunkLength ?? 0) > 5).map((r) => `${r.bug} (${r.siochaos.maxShrunkLength})`);
  const notTenfold = rows
    .filter((r) => r.ratio !== null && (r.ratio.value === null || r.ratio.value < 10))
    .map((r) => `${r.bug} (${r.ratio?.value === null || r.ratio?.value === undefined ? '-' : `${r.ratio.lowerBound ? '≥' : ''}${r.ratio.value.toFixed(1)}×`})`);
  const overhead = throughput.filter((t) => t.directPerSecond > 0 && t.proxiedPerSecond / t.directPerSecond < 0.7).map((t) => `${t.clients} clients`);
  const ratios = throughput.map((t) => `${t.clients}: ${t.directPerSecond > 0 ? ((100 * t.proxiedPerSecond) / t.directPerSecond).toFixed(0) : '-'}%`);
  const detection: TargetFigure[] = [
    { target: `every bug found by every seed within ${timeLimitS} s`, met: missedSeeds.length === 0, figure: `missed by some seeds: ${list(missedSeeds)}` },
    { target: 'median time to detect ≤ 5 s', met: slow.length === 0, figure: `slower: ${list(slow)}` },
    { target: 'shrunk counterexamples ≤ 5 commands', met: long.length === 0, figure: `longer: ${list(long)}` },
    { target: '≥ 10× faster than the baseline on the median', met: notTenfold.length === 0, figure: `below 10×: ${list(notTenfold)}` },
  ];
  const overheadTarget: TargetFigure = { target: 'proxies ≥ 70% of direct throughput', met: overhead.length === 0, figure: ratios.join(', ') };
  return [...(rows.length > 0 ? detection : []), ...(throughput.length > 0 ? [overheadTarget] : [])];
}
