/** The benchmark's console tables. */
import type { SiochaosSummary, SpeedRatio, StrategySummary } from './summary.js';

/** One bug's row. */
export interface BugRow {
  bug: string;
  siochaos: SiochaosSummary;
  baseline: StrategySummary | null;
  ratio: SpeedRatio | null;
}

/** One throughput row. */
export interface ThroughputRow {
  clients: number;
  directPerSecond: number;
  proxiedPerSecond: number;
}

const fixed = (n: number | null, digits = 1): string => (n === null ? '-' : n.toFixed(digits));

function render(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The detection table: per bug, what siochaos and the baseline found and how
 * fast. `kind ok`: seeds whose failure showed an anomaly the bug should cause.
 *
 * @example
 * console.log(detectionTable(rows));
 */
export function detectionTable(rows: readonly BugRow[]): string {
  const header = [
    'bug', 'found', 'kind ok', 'median s', 'max s', 'median runs', 'shrunk (max)', 'shrink s', 'reproduced',
    'baseline found', 'baseline kind ok', 'baseline median s', 'baseline/siochaos', 'anomalies (siochaos)',
  ];
  const body = rows.map((r) => [
    r.bug,
    `${r.siochaos.detected}/${r.siochaos.seeds}`,
    `${r.siochaos.expectedKindSeeds}/${r.siochaos.seeds}`,
    fixed(r.siochaos.medianSecondsToDetect),
    fixed(r.siochaos.maxSecondsToDetect),
    fixed(r.siochaos.medianRunsToDetect, 0),
    r.siochaos.medianShrunkLength === null ? '-' : `${fixed(r.siochaos.medianShrunkLength, 0)} (${r.siochaos.maxShrunkLength})`,
    fixed(r.siochaos.medianShrinkSeconds),
    r.siochaos.reproduction.tries ? `${r.siochaos.reproduction.failures}/${r.siochaos.reproduction.tries}` : '-',
    r.baseline ? `${r.baseline.detected}/${r.baseline.seeds}` : '-',
    r.baseline ? `${r.baseline.expectedKindSeeds}/${r.baseline.seeds}` : '-',
    r.baseline ? (r.baseline.medianSecondsToDetect === null ? 'never' : fixed(r.baseline.medianSecondsToDetect)) : '-',
    r.ratio?.value == null ? '-' : `${r.ratio.lowerBound ? '≥ ' : ''}${r.ratio.value.toFixed(1)}×`,
    r.siochaos.anomalyKinds.join(', ') || '-',
  ]);
  return render(header, body);
}

/**
 * The overhead table: acked messages per second straight to the server and through Toxiproxy.
 *
 * @example
 * console.log(throughputTable([{ clients: 1, directPerSecond: 900, proxiedPerSecond: 800 }]));
 */
export function throughputTable(rows: readonly ThroughputRow[]): string {
  const header = ['clients', 'direct acks/s', 'proxied acks/s', 'proxied/direct'];
  const body = rows.map((r) => [
    String(r.clients),
    r.directPerSecond.toFixed(0),
    r.proxiedPerSecond.toFixed(0),
    r.directPerSecond > 0 ? `${((100 * r.proxiedPerSecond) / r.directPerSecond).toFixed(0)}%` : '-',
  ]);
  return render(header, body);
}

/** One bug's time to detect with each worker count. */
export interface WorkersRow {
  bug: string;
  byWorkers: { workers: number; summary: StrategySummary }[];
}

/**
 * The workers table: per bug, seeds found and the median (and slowest) seconds
 * to detect with each worker count, side by side.
 *
 * @example
 * console.log(workersTable([{ bug: 'no-unique', byWorkers: [{ workers: 1, summary }, { workers: 2, summary: faster }] }]));
 */
export function workersTable(rows: readonly WorkersRow[]): string {
  const counts = rows[0]?.byWorkers.map((w) => w.workers) ?? [];
  const header = ['bug', ...counts.flatMap((w) => [`found (${w}w)`, `median s (${w}w)`, `max s (${w}w)`])];
  const body = rows.map((r) => [
    r.bug,
    ...r.byWorkers.flatMap(({ summary }) => [`${summary.detected}/${summary.seeds}`, fixed(summary.medianSecondsToDetect), fixed(summary.maxSecondsToDetect)]),
  ]);
  return render(header, body);
}
