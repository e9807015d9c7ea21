/**
 * Checker benchmark: synthetic histories of 10k, 100k and 1M events, each
 * generated and checked (checkHistory, all built-in checkers) in a fresh child
 * process, so each size's peak RSS is its own.
 *
 * Usage: node --import tsx bench/checker/run.ts [--json out.json] [--sizes 10000,100000]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SizeFigures } from './measure.js';

const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];

/** What 1M events must be checked in (median, wall clock), view included: issue 13's goal on a 2-core machine. */
const GOAL_1M_MS = 400;
/** The stretch goal. */
const STRETCH_1M_MS = 250;

function parseArgs(argv: readonly string[]): { json: string | null; sizes: number[] } {
  let json: string | null = null;
  let sizes = DEFAULT_SIZES;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = argv[++i] ?? null;
    else if (arg === '--sizes') sizes = (argv[++i] ?? '').split(',').map(Number);
    else throw new Error(`unknown argument "${arg}": use --json PATH and/or --sizes N,N,...`);
  }
  if (json === '' || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error('bad arguments: --json needs a path, --sizes positive integers separated by commas');
  }
  return { json, sizes };
}

function measure(events: number): SizeFigures {
  const script = fileURLToPath(new URL('./measure.ts', import.meta.url));
  const repeats = events >= 1_000_000 ? 3 : 5;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(events), String(repeats)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as SizeFigures;
}

function table(rows: readonly SizeFigures[]): string {
  const header = ['events', 'median ms', 'cpu ms', 'µs per 1k events', 'cold ms', 'events/s', 'history heap MB', 'heap after check MB', 'max RSS before check MB', 'max RSS MB', 'anomalies (planted)', 'verdict'];
  const body = rows.map((r) => [
    r.events.toLocaleString('en-US'),
    r.medianMs.toFixed(1),
    r.cpuMs.toFixed(1),
    ((r.medianMs * 1000 * 1000) / r.events).toFixed(0),
    r.coldMs.toFixed(1),
    r.eventsPerSecond.toLocaleString('en-US'),
    r.historyHeapMB.toFixed(1),
    r.heapAfterCheckMB.toFixed(1),
    r.maxRssBeforeCheckMB.toFixed(1),
    r.maxRssMB.toFixed(1),
    `${r.anomalies} (${r.planted})`,
    r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function main(): void {
  const { json, sizes } = parseArgs(process.argv.slice(2));
  const results: SizeFigures[] = [];
  for (const events of sizes) {
    process.stderr.write(`checking ${events.toLocaleString('en-US')} events...\n`);
    results.push(measure(events));
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
  process.stdout.write(`checkHistory (the HistoryView, then delivery, ordering, receive, crash, robustness) on synthetic histories; ${machine}; load average ${os.loadavg()[0]!.toFixed(1)}\n\n${table(results)}\n`);
  const perChecker = results.map(
    (r) =>
      `  ${r.events.toLocaleString('en-US')} events: view ${r.viewMs.toFixed(1)} ms, ${Object.entries(r.perCheckerMs).map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`).join(', ')}`,
  );
  process.stdout.write(`\nbuilding the view, then each checker alone on it (best run):\n${perChecker.join('\n')}\n`);
  const million = results.find((r) => r.events === 1_000_000);
  if (million) {
    const verdict = million.medianMs < STRETCH_1M_MS ? 'meets the stretch goal' : million.medianMs < GOAL_1M_MS ? 'meets the goal' : 'misses the goal';
    process.stdout.write(
      `\n1M events: ${million.medianMs.toFixed(0)} ms median (cpu ${million.cpuMs.toFixed(0)} ms) against the goal of ${GOAL_1M_MS} ms (stretch ${STRETCH_1M_MS} ms): ${verdict}` +
        ` (a shared machine: compare cpu ms when the load average is above the core count)\n`,
    );
  }
  const sameKinds = (r: SizeFigures): boolean => {
    const kinds = new Set([...Object.keys(r.anomaliesByKind), ...Object.keys(r.plantedByKind)]);
    return [...kinds].every((k) => r.anomaliesByKind[k] === r.plantedByKind[k]);
  };
  const missing = results.filter((r) => !sameKinds(r));
  if (missing.length > 0) {
    process.stdout.write(`\nWARNING: the anomalies found (by kind) differ from the planted ones at ${missing.map((r) => r.events).join(', ')} events\n`);
    process.exitCode = 1;
  }
  if (json !== null) {
    writeFileSync(json, `${JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2)}\n`);
    process.stdout.write(`\nfigures written to ${json}\n`);
  }
}

main();
