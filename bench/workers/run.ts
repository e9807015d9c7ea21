/**
 * Workers benchmark: scenarios per second against the reference server with
 * 1, 2 and 4 workers on this machine, and the CPU each scenario costs, so that
 * a reader can tell how a campaign scales on a bigger runner. Each cell runs
 * the default campaign (default scenario, 3 clients, queued-retry, correct
 * reference server) for the same time, in this process, with one Toxiproxy
 * for every cell.
 *
 * CPU, from /proc: this process's user + system time (it runs the campaign)
 * plus its waited-for children's (cutime + cstime: every reference server that
 * ended, with what it started) plus Toxiproxy's, before and after each cell;
 * and, as a cross-check, the process tree sampled every 250 ms.
 *
 * Usage: npm run bench:workers -- [--time S] [--workers 1,2,4] [--seed N] [--json PATH]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { provideToxiproxy, resolveConfig, runCampaign } from '../../harness/src/index.js';
import { cpuSeconds, sampleTree } from './procCpu.js';
import { benchCommit } from '../benchCommit.js';

interface Args {
  timeS: number;
  workers: number[];
  seed: number;
  json: string | null;
}

const USAGE = 'usage: npm run bench:workers -- [--time S] [--workers 1,2,4] [--seed N] [--json PATH]';

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { timeS: 60, workers: [1, 2, 4], seed: 1, json: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    i++;
    if (flag === '--time') args.timeS = Number(value);
    else if (flag === '--workers') args.workers = (value ?? '').split(',').map(Number);
    else if (flag === '--seed') args.seed = Number(value);
    else if (flag === '--json' && value) args.json = value;
    else throw new Error(`unknown or incomplete flag ${flag}: ${USAGE}`);
  }
  if (!(args.timeS > 0) || !Number.isInteger(args.seed) || !args.workers.every((w) => Number.isInteger(w) && w >= 1)) throw new Error(`bad value: ${USAGE}`);
  return args;
}

/** One cell: a campaign with `workers` workers. */
interface Cell {
  workers: number;
  verdict: string;
  scenarios: number;
  unknown: number;
  wallSeconds: number;
  scenariosPerSecond: number;
  cpuSeconds: number;
  cpuSecondsPerScenario: number;
  /** CPU seconds over wall seconds: how many cores the campaign kept busy on average. */
  coresBusy: number;
  sampledCpuSeconds: number;
  mostProcesses: number;
  loadBefore: number[];
  loadAfter: number[];
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

async function cell(workers: number, args: Args, toxiproxyPid: number | undefined): Promise<Cell> {
  const reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-bench-workers-'));
  const loadBefore = os.loadavg().map((l) => round(l));
  const cpuBefore = cpuSeconds('self', true) + (toxiproxyPid ? cpuSeconds(toxiproxyPid) : 0);
  const sampler = sampleTree(process.pid, 250);
  const started = performance.now();
  try {
    const config = resolveConfig({ name: `bench-workers-${workers}`, seed: args.seed, timeLimitMs: args.timeS * 1000, workers, reportsDir, reporters: [] });
    const result = await runCampaign(config, { reporters: [] });
    const wallSeconds = (performance.now() - started) / 1000;
    const sampled = sampler.stop();
    const cpu = cpuSeconds('self', true) + (toxiproxyPid ? cpuSeconds(toxiproxyPid) : 0) - cpuBefore;
    const { scenarios, unknown } = result.figures;
    return {
      workers,
      verdict: result.verdict,
      scenarios,
      unknown,
      wallSeconds: round(wallSeconds, 1),
      scenariosPerSecond: round(scenarios / wallSeconds),
      cpuSeconds: round(cpu, 1),
      cpuSecondsPerScenario: round(scenarios > 0 ? cpu / scenarios : 0),
      coresBusy: round(cpu / wallSeconds),
      sampledCpuSeconds: round(sampled.cpuSeconds, 1),
      mostProcesses: sampled.mostProcesses,
      loadBefore,
      loadAfter: os.loadavg().map((l) => round(l)),
    };
  } finally {
    await rm(reportsDir, { recursive: true, force: true });
  }
}

function table(cells: readonly Cell[]): string {
  const header = ['workers', 'scenarios', 'wall s', 'scenarios/s', 'CPU s', 'CPU s/scenario', 'cores busy', 'sampled CPU s', 'most procs', 'load 1 min', 'verdict'];
  const rows = cells.map((c) => [
    String(c.workers), String(c.scenarios), c.wallSeconds.toFixed(1), c.scenariosPerSecond.toFixed(2), c.cpuSeconds.toFixed(1),
    c.cpuSecondsPerScenario.toFixed(2), c.coresBusy.toFixed(2), c.sampledCpuSeconds.toFixed(1), String(c.mostProcesses),
    `${c.loadBefore[0]}→${c.loadAfter[0]}`, c.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const toxiproxy = await provideToxiproxy({ progress: (line) => process.stderr.write(`${line}\n`) });
  const previousUrl = process.env.TOXIPROXY_URL;
  // Every cell's campaign uses this one Toxiproxy instead of starting its own.
  process.env.TOXIPROXY_URL = toxiproxy.url;
  const cells: Cell[] = [];
  const startedAt = new Date();
  try {
    for (const workers of args.workers) {
      const c = await cell(workers, args, toxiproxy.pid);
      cells.push(c);
      process.stderr.write(`${workers} worker(s): ${c.scenarios} scenarios in ${c.wallSeconds} s, ${c.cpuSecondsPerScenario} CPU s each (${c.verdict})\n`);
    }
  } finally {
    await toxiproxy.stop();
    if (previousUrl === undefined) delete process.env.TOXIPROXY_URL;
    else process.env.TOXIPROXY_URL = previousUrl;
  }
  const commit = benchCommit();
  const machine = { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, commit };
  process.stdout.write(`\nworkers: the default campaign, seed ${args.seed}, ${args.timeS} s per cell; ${machine.cores} × ${machine.cpu}, node ${machine.node}, commit ${commit}\n\n${table(cells)}\n`);
  if (args.json) {
    await mkdir(path.dirname(path.resolve(args.json)), { recursive: true });
    const out = { version: 1, command: ['node', ...process.argv.slice(1).map((a) => path.relative(process.cwd(), a) || a)].join(' '), machine, startedAt: startedAt.toISOString(), settings: args, cells };
    await writeFile(args.json, JSON.stringify(out, null, 2) + '\n');
    process.stdout.write(`\nfigures: ${args.json}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:workers failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
