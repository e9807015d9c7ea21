/**
 * One benchmark size, run in a fresh child process by run.ts so that its peak
 * RSS is its own: generate a synthetic history, check it (one cold run, then
 * repeats), print one JSON line on stdout.
 *
 * Usage: node --expose-gc --import tsx bench/checker/measure.ts EVENTS [REPEATS]
 */
import { checkHistory } from '../../harness/src/checkers/checkHistory.js';
import { builtinCheckerNames, checkerRegistry } from '../../harness/src/checkers/registry.js';
import { buildView } from '../../harness/src/view/buildView.js';
import { syntheticHistory } from './synthetic.js';

/** What one size measured; run.ts prints and saves these. */
export interface SizeFigures {
  events: number;
  messages: number;
  rows: number;
  generateMs: number;
  /** The first check, JIT still cold. */
  coldMs: number;
  /** Median of the repeated checks. */
  medianMs: number;
  bestMs: number;
  repeats: number;
  eventsPerSecond: number;
  /** Heap held by the history alone, after a GC. */
  historyHeapMB: number;
  /** Heap in use right after the cold check, before any forced GC (history + check allocations). */
  heapAfterCheckMB: number;
  /** Peak resident set size once the history was generated, before any check. */
  maxRssBeforeCheckMB: number;
  /** Peak resident set size of this whole process (history + checks). */
  maxRssMB: number;
  /** Process CPU time (user + system) of the median check. */
  cpuMs: number;
  /** Building the HistoryView alone (best run). */
  viewMs: number;
  /** Each built-in checker alone on one built view (best run). */
  perCheckerMs: Record<string, number>;
  verdict: string;
  anomalies: number;
  planted: number;
  anomaliesByKind: Record<string, number>;
  plantedByKind: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const MB = 1024 * 1024;

function main(): void {
  const events = Number(process.argv[2]);
  if (!Number.isInteger(events) || events <= 0) {
    throw new Error(`measure.ts: expected an event count, got "${process.argv[2] ?? ''}": run it through bench/checker/run.ts`);
  }
  const repeats = Number(process.argv[3] ?? 5);

  let start = performance.now();
  const synthetic = syntheticHistory({ events });
  const generateMs = performance.now() - start;
  gc();
  gc();
  const historyHeap = process.memoryUsage().heapUsed;
  const maxRssBeforeCheck = process.resourceUsage().maxRSS;

  // checkHistory builds the scenario's HistoryView, then runs every checker on it: the whole cost.
  const { history } = synthetic;
  start = performance.now();
  const result = checkHistory(history);
  const coldMs = performance.now() - start;
  const heapAfterCheck = process.memoryUsage().heapUsed;

  const runs: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < repeats; i++) {
    gc();
    const cpu = process.cpuUsage();
    start = performance.now();
    checkHistory(history);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    runs.push({ ms, cpuMs: (used.user + used.system) / 1000 });
  }
  runs.sort((a, b) => a.ms - b.ms);
  const median = runs[Math.floor(runs.length / 2)] ?? { ms: coldMs, cpuMs: coldMs };
  const medianMs = median.ms;

  const tries = Math.max(1, Math.min(3, repeats));
  const views: number[] = [];
  for (let i = 0; i < tries; i++) {
    gc();
    start = performance.now();
    buildView(history);
    views.push(performance.now() - start);
  }
  const view = buildView(history);
  const perCheckerMs: Record<string, number> = {};
  for (const name of builtinCheckerNames) {
    const best: number[] = [];
    for (let i = 0; i < tries; i++) {
      gc();
      start = performance.now();
      checkerRegistry[name].check(view);
      best.push(performance.now() - start);
    }
    perCheckerMs[name] = round(Math.min(...best));
  }

  const anomaliesByKind: Record<string, number> = {};
  for (const a of result.anomalies) anomaliesByKind[a.kind] = (anomaliesByKind[a.kind] ?? 0) + 1;
  const figures: SizeFigures = {
    events: synthetic.history.length,
    messages: synthetic.messages,
    rows: synthetic.rows,
    generateMs: round(generateMs),
    coldMs: round(coldMs),
    medianMs: round(medianMs),
    bestMs: round(runs[0]?.ms ?? coldMs),
    cpuMs: round(median.cpuMs),
    viewMs: round(Math.min(...views)),
    repeats,
    eventsPerSecond: Math.round(synthetic.history.length / (medianMs / 1000)),
    historyHeapMB: round(historyHeap / MB),
    heapAfterCheckMB: round(heapAfterCheck / MB),
    maxRssBeforeCheckMB: round(maxRssBeforeCheck / 1024),
    maxRssMB: round(process.resourceUsage().maxRSS / 1024),
    perCheckerMs,
    verdict: result.verdict,
    anomalies: result.anomalies.length,
    planted: Object.values(synthetic.planted).reduce((s, n) => s + (n ?? 0), 0),
    anomaliesByKind,
    plantedByKind: { ...synthetic.planted },
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main();
