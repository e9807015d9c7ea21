/**
 * Scenario-cost benchmark: where a scenario's time goes. Runs the default
 * campaign against the reference server for a fixed number of draws (same
 * seed) twice in one process: first with today's cuts switched off
 * (`SIOCHAOS_LEGACY_SCENARIO_SETUP=1`: proxies made and deleted per scenario,
 * the final phase's fixed waits), then with them on; prints per phase the
 * median and the total over the scenarios, and the overhead (everything but
 * the scenarios' own commands and waits) of each, side by side.
 *
 * Usage: node --import tsx bench/scenario-cost/run.ts [--runs 20] [--seed 1] [--only legacy|cut] [--json out.json]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig, runCampaign } from '../../harness/src/index.js';
import { LEGACY_SCENARIO_SETUP_ENV } from '../../harness/src/util/legacySetup.js';
import { SCENARIO_PHASES } from '../../harness/src/core/phaseClock.js';
import type { CampaignFigures } from '../../harness/src/model/results.js';
import { benchCommit } from '../benchCommit.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
type Mode = 'legacy' | 'cut';

interface Args {
  runs: number;
  seed: number;
  modes: Mode[];
  json: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { runs: 20, seed: 1, modes: ['legacy', 'cut'], json: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') args.runs = Number(argv[++i]);
    else if (arg === '--seed') args.seed = Number(argv[++i]);
    else if (arg === '--only') args.modes = [argv[++i] as Mode];
    else if (arg === '--json') args.json = argv[++i] ?? '';
    else throw new Error(`unknown argument "${arg}": use --runs N, --seed N, --only legacy|cut, --json PATH`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1 || !Number.isInteger(args.seed) || args.json === '' || args.modes.some((m) => m !== 'legacy' && m !== 'cut')) {
    throw new Error('bad arguments: --runs needs a whole number ≥ 1, --seed an integer, --only legacy or cut, --json a path');
  }
  return args;
}

/** One campaign's figures as the bench prints them. */
interface ModeFigures {
  mode: Mode;
  scenarios: number;
  verdict: string;
  durationMs: number;
  phasesMs: NonNullable<CampaignFigures['phasesMs']>;
  /** CPU time of this process (clients, checkers, the harness) and of its children that ended (targets, Toxiproxy), in ms. */
  cpuMs: { harness: number; children: number };
}

/** CPU ms of this process, and of its children it has waited for (from /proc/self/stat: utime+stime, cutime+cstime). */
function cpuNow(): { harness: number; children: number } {
  const usage = process.cpuUsage();
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // Fields after the command: state is 3rd overall, so cutime (16th) and cstime (17th) are at 13 and 14 here.
  const ticks = Number(fields[13]) + Number(fields[14]);
  return { harness: (usage.user + usage.system) / 1000, children: (ticks * 1000) / 100 };
}

async function runMode(mode: Mode, args: Args, reports: string): Promise<ModeFigures> {
  if (mode === 'legacy') process.env[LEGACY_SCENARIO_SETUP_ENV] = '1';
  else delete process.env[LEGACY_SCENARIO_SETUP_ENV];
  const config = resolveConfig({ seed: args.seed, runs: args.runs, workers: 1, timeLimitMs: 3_600_000, reportsDir: reports, name: `cost-${mode}` });
  const before = cpuNow();
  const result = await runCampaign(config);
  const after = cpuNow();
  delete process.env[LEGACY_SCENARIO_SETUP_ENV];
  if (!result.figures.phasesMs) throw new Error(`the ${mode} campaign ran no scenario (${result.error ?? result.verdict})`);
  const cpuMs = { harness: Math.round(after.harness - before.harness), children: Math.round(after.children - before.children) };
  return { mode, scenarios: result.figures.scenarios, verdict: result.verdict, durationMs: result.durationMs, phasesMs: result.figures.phasesMs, cpuMs };
}

const ms = (value: number): string => `${Math.round(value)}`.padStart(7);

function print(results: readonly ModeFigures[]): void {
  const header = ['phase'.padEnd(10), ...results.flatMap((r) => [`${r.mode} med`.padStart(11), `${r.mode} total`.padStart(12)])].join(' ');
  console.log(header);
  for (const phase of SCENARIO_PHASES) {
    console.log([phase.padEnd(10), ...results.flatMap((r) => [ms(r.phasesMs.median[phase]).padStart(11), ms(r.phasesMs.total[phase]).padStart(12)])].join(' '));
  }
  console.log(['overhead'.padEnd(10), ...results.flatMap((r) => [ms(r.phasesMs.overheadMedian).padStart(11), ms(r.phasesMs.overheadTotal).padStart(12)])].join(' '));
  for (const r of results) {
    const perScenario = (ms: number): number => Math.round(ms / Math.max(1, r.scenarios));
    console.log(
      `${r.mode}: ${r.scenarios} scenarios, verdict ${r.verdict}, campaign ${(r.durationMs / 1000).toFixed(1)} s; ` +
        `CPU per scenario ${perScenario(r.cpuMs.harness)} ms harness + ${perScenario(r.cpuMs.children)} ms targets and Toxiproxy`,
    );
  }
  const [legacy, cut] = [results.find((r) => r.mode === 'legacy'), results.find((r) => r.mode === 'cut')];
  if (legacy && cut) {
    const ratio = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(0)}%` : 'n/a');
    console.log(`overhead with the cuts: ${ratio(cut.phasesMs.overheadTotal, legacy.phasesMs.overheadTotal)} of legacy's in total, ${ratio(cut.phasesMs.overheadMedian, legacy.phasesMs.overheadMedian)} per median scenario`);
    // The wait for a target started ahead is what is left of its start once the scenario before ended: the rest is the harness's own.
    const besidesTarget = (r: ModeFigures): number => r.phasesMs.overheadTotal - r.phasesMs.total.target;
    console.log(`overhead besides the wait for the target: ${ratio(besidesTarget(cut), besidesTarget(legacy))} of legacy's in total (${Math.round(besidesTarget(legacy))} -> ${Math.round(besidesTarget(cut))} ms)`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const commit = benchCommit(ROOT);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`;
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const reports = mkdtempSync(path.join(os.tmpdir(), 'siochaos-cost-'));
  const results: ModeFigures[] = [];
  try {
    for (const mode of args.modes) results.push(await runMode(mode, args, reports));
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`siochaos scenario cost at ${commit} on ${machine}; seed ${args.seed}, ${args.runs} draws; load (1/5/15 min) before ${loadBefore}, after ${loadAfter}`);
  print(results);
  if (args.json) writeFileSync(args.json, `${JSON.stringify({ commit, machine, loadBefore, loadAfter, seed: args.seed, runs: args.runs, results }, null, 2)}\n`);
}

await main();
