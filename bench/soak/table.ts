/** The soak's console tables and its targets. */
import type { BugReplays } from './reproducibility.js';
import type { SoakCellResult } from './soakCell.js';

function render(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Cells summed per target and strategy. */
export interface SoakRow {
  target: string;
  strategy: string;
  scenarios: number;
  campaigns: number;
  falseAlarms: number;
  notPromised: number;
  unknown: number;
  errors: number;
  seconds: number;
}

/**
 * Sums the cells per target and strategy, in the order they first appear.
 *
 * @example
 * soakRows(cells)[0]; // { target: 'reference-sqlite', strategy: 'queued-retry', scenarios: 126, ... }
 */
export function soakRows(cells: readonly SoakCellResult[]): SoakRow[] {
  const rows = new Map<string, SoakRow>();
  for (const cell of cells) {
    const key = `${cell.target} ${cell.strategy}`;
    const row = rows.get(key) ?? { target: cell.target, strategy: cell.strategy, scenarios: 0, campaigns: 0, falseAlarms: 0, notPromised: 0, unknown: 0, errors: 0, seconds: 0 };
    row.scenarios += cell.scenarios;
    row.campaigns += cell.campaigns.length;
    row.falseAlarms += cell.falseAlarms;
    row.notPromised += cell.notPromised;
    row.unknown += cell.unknownScenarios;
    row.errors += cell.errors;
    row.seconds += cell.seconds;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/**
 * The soak table: per target and strategy, and a total line.
 *
 * @example
 * console.log(soakTable(soakRows(cells)));
 */
export function soakTable(rows: readonly SoakRow[]): string {
  const total = rows.reduce(
    (t, r) => ({ ...t, scenarios: t.scenarios + r.scenarios, campaigns: t.campaigns + r.campaigns, falseAlarms: t.falseAlarms + r.falseAlarms, notPromised: t.notPromised + r.notPromised, unknown: t.unknown + r.unknown, errors: t.errors + r.errors, seconds: t.seconds + r.seconds }),
    { target: 'total', strategy: '', scenarios: 0, campaigns: 0, falseAlarms: 0, notPromised: 0, unknown: 0, errors: 0, seconds: 0 },
  );
  const cells = (r: SoakRow) => [r.target, r.strategy, String(r.scenarios), String(r.campaigns), String(r.falseAlarms), String(r.notPromised), String(r.unknown), String(r.errors), (r.seconds / 60).toFixed(1)];
  return render(['target', 'strategy', 'scenarios', 'campaigns', 'false alarms', 'not promised', 'unknown', 'setup errors', 'minutes'], [...rows.map(cells), cells(total)]);
}

/**
 * Unknown scenarios and setup errors grouped by reason (numbers blanked, so
 * that "within 10000 ms" and "within 9000 ms" count together), most frequent first.
 *
 * @example
 * unknownReasons(cells); // [{ reason: 'a command failed: …', count: 2 }]
 */
export function unknownReasons(cells: readonly SoakCellResult[]): { reason: string; count: number; example: string }[] {
  const groups = new Map<string, { reason: string; count: number; example: string }>();
  const add = (text: string) => {
    const reason = text.replace(/\d+/g, '#').slice(0, 200);
    const group = groups.get(reason) ?? { reason, count: 0, example: text.slice(0, 300) };
    group.count++;
    groups.set(reason, group);
  };
  for (const cell of cells) {
    for (const campaign of cell.campaigns) {
      for (const unknown of campaign.unknowns) add(unknown.reason);
      if (campaign.error) add(`setup: ${campaign.error}`);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/**
 * The reproducibility table: per zoo bug, the counterexample and how many replays brought it back.
 *
 * @example
 * console.log(replayTable(bugs));
 */
export function replayTable(bugs: readonly BugReplays[]): string {
  return render(
    ['bug', 'seed', 'anomalies', 'steps', 'reproduced', 'same messages', 'other replays'],
    bugs.map((b) => [
      b.bug,
      String(b.seed),
      b.found ? b.kinds.join(', ') : `not found${b.error ? ` (${b.error.slice(0, 40)})` : ''}`,
      b.found ? String(b.counterexample.length) : '-',
      b.found ? `${b.reproduced} of ${b.replays.length}` : '-',
      b.found ? String(b.sameMessages) : '-',
      b.replays
        .filter((r) => !r.reproduced)
        .map((r) => (r.kinds.length ? `${r.verdict} (${r.kinds.join(', ')})` : r.verdict))
        .join('; ') || '-',
    ]),
  );
}

/** One goal of the soak, met or missed. */
export interface SoakGoal {
  target: string;
  met: boolean;
  figure: string;
}

/**
 * The issue's goals: no false alarm, nothing left over, and every zoo bug's
 * counterexample reproduced in at least 9 of 10 replays.
 *
 * @example
 * for (const t of soakGoals(rows, bugs, left, 1000)) console.log(t.met ? 'met   ' : 'MISSED', t.target, t.figure);
 */
export function soakGoals(
  rows: readonly SoakRow[],
  bugs: readonly BugReplays[],
  left: { processes: number; proxies: number },
  minScenarios: number,
): SoakGoal[] {
  const scenarios = rows.reduce((n, r) => n + r.scenarios, 0);
  const falseAlarms = rows.reduce((n, r) => n + r.falseAlarms, 0);
  const low = bugs.filter((b) => !b.found || b.reproduced / Math.max(1, b.replays.length) < 0.9);
  const targets: SoakGoal[] = [];
  if (rows.length > 0) {
    targets.push({ target: `at least ${minScenarios} scenarios`, met: scenarios >= minScenarios, figure: `${scenarios} run` });
    targets.push({ target: 'no false alarm against a correct server', met: falseAlarms === 0, figure: `${falseAlarms} invalid campaigns` });
  }
  targets.push({ target: 'no process and no proxy left over', met: left.processes === 0 && left.proxies === 0, figure: `${left.processes} processes, ${left.proxies} proxies` });
  if (bugs.length > 0) {
    targets.push({
      target: 'every zoo bug reproduced in at least 9 of 10 replays',
      met: low.length === 0,
      figure: low.length ? `below: ${low.map((b) => `${b.bug} (${b.found ? `${b.reproduced}/${b.replays.length}` : 'not found'})`).join(', ')}` : `${bugs.length} bugs`,
    });
  }
  return targets;
}
