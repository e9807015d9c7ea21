/**
 * The adapter matrix: which Socket.IO adapter keeps which guarantee under
 * which multi-node fault, as measured. For every adapter the reference server
 * runs with (Redis Pub/Sub, Redis Streams, PostgreSQL), every multi-node
 * scenario (an adapter partition, node failover), and three servers:
 *
 * - `correct`: the multi-node reference server, which publishes rows from the
 *   table on every node and catches every connection up from it: it should
 *   keep every guarantee whatever the adapter does;
 * - `adapter-broadcast`: the server trusts the adapter to carry each row to
 *   the other nodes' clients, as the Socket.IO tutorial's broadcast does;
 * - `trust-recovered`: it also trusts connection state recovery, skipping
 *   the database catch-up of a recovered socket.
 *
 * Each cell is one campaign of `--time` seconds on 3 nodes with a fixed seed,
 * run through the CLI as a user runs it; the table shows its verdict and the
 * anomaly kinds it found. Prints a Markdown table and writes JSON; the
 * report folder of every campaign that was not valid is kept (its path is
 * printed and in the JSON).
 *
 * Usage: node --import tsx bench/adapters/run.ts [--time 20] [--seed 1] [--nodes 3] [--adapters a,b] [--servers correct,adapter-broadcast,trust-recovered] [--json reports/bench/adapters.json]
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = path.join(ROOT, 'harness', 'bin', 'siochaos.mjs');
const ADAPTERS = ['redis', 'redis-streams', 'postgres'] as const;
const SCENARIOS = ['adapter-partition', 'node-failover'] as const;
const SERVERS = ['correct', 'adapter-broadcast', 'trust-recovered'] as const;

interface Options {
  timeS: number;
  seed: number;
  nodes: number;
  adapters: string[];
  servers: string[];
  json: string;
}

/** One campaign of the matrix and what it found. */
interface Cell {
  adapter: string;
  scenario: string;
  server: string;
  verdict: string;
  anomalies: string[];
  scenarios: number;
  seconds: number;
  /** The CLI's exit code; 2 is a setup error (the last lines of its output are in `error`). */
  exitCode: number | null;
  error?: string;
  /** The campaign's report folder, kept when it was not valid (the others are removed). */
  report?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { timeS: 20, seed: 1, nodes: 3, adapters: [...ADAPTERS], servers: [...SERVERS], json: path.join(ROOT, 'reports', 'bench', 'adapters.json') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === '--time') options.timeS = Number(value);
    else if (arg === '--seed') options.seed = Number(value);
    else if (arg === '--nodes') options.nodes = Number(value);
    else if (arg === '--adapters') options.adapters = value.split(',');
    else if (arg === '--servers') options.servers = value.split(',');
    else if (arg === '--json') options.json = value;
    else throw new Error(`unknown argument "${arg}": use --time S, --seed N, --nodes N, --adapters a,b, --servers a,b, --json PATH`);
  }
  for (const adapter of options.adapters) {
    if (!(ADAPTERS as readonly string[]).includes(adapter)) throw new Error(`unknown adapter "${adapter}": use ${ADAPTERS.join(', ')}`);
  }
  for (const server of options.servers) {
    if (!(SERVERS as readonly string[]).includes(server)) throw new Error(`unknown server "${server}": use ${SERVERS.join(', ')}`);
  }
  if (!(options.timeS > 0) || !Number.isInteger(options.seed) || !Number.isInteger(options.nodes) || options.nodes < 2) {
    throw new Error('bad arguments: --time needs seconds > 0, --seed a whole number, --nodes 2 or more');
  }
  return options;
}

/** Runs one campaign through the CLI; resolves with its exit code and output. */
function runCli(args: readonly string[], signal: AbortSignal): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const stop = () => child.kill('SIGINT');
    signal.addEventListener('abort', stop, { once: true });
    child.on('exit', (code) => {
      signal.removeEventListener('abort', stop);
      resolve({ code, output });
    });
  });
}

async function runCell(options: Options, adapter: string, scenario: string, server: string, signal: AbortSignal): Promise<Cell> {
  const reports = await mkdtemp(path.join(os.tmpdir(), 'siochaos-adapters-'));
  const started = performance.now();
  let keep = false;
  try {
    const args = ['run', scenario, '--nodes', String(options.nodes), '--adapter', adapter, '--time', `${options.timeS}s`, '--seed', String(options.seed), '--reports', reports];
    if (server !== 'correct') args.push('--bug', server);
    const { code, output } = await runCli(args, signal);
    const seconds = (performance.now() - started) / 1000;
    const results = await readFile(path.join(reports, 'latest', 'results.json'), 'utf8').then(
      (text) => JSON.parse(text) as { verdict: string; anomalies: { kind: string }[]; figures?: { scenarios?: number } },
      () => undefined,
    );
    keep = results?.verdict !== 'valid';
    const report = keep ? { report: reports } : {};
    if (!results) return { adapter, scenario, server, verdict: 'error', anomalies: [], scenarios: 0, seconds, exitCode: code, error: output.trim().split('\n').slice(-3).join(' / '), ...report };
    const anomalies = [...new Set(results.anomalies.map((a) => a.kind))].sort();
    return { adapter, scenario, server, verdict: results.verdict, anomalies, scenarios: results.figures?.scenarios ?? 0, seconds, exitCode: code, ...report };
  } finally {
    if (!keep) await rm(reports, { recursive: true, force: true });
  }
}

function cellText(cell: Cell | undefined): string {
  if (!cell) return '-';
  if (cell.verdict === 'error') return `error (exit ${cell.exitCode})`;
  return cell.anomalies.length === 0 ? cell.verdict : `${cell.verdict}: ${cell.anomalies.join(', ')}`;
}

/** One Markdown table per server: rows adapters, columns scenarios. */
function tables(cells: readonly Cell[], options: Options): string {
  const out: string[] = [];
  for (const server of options.servers) {
    out.push(`\n**${server}** (${options.nodes} nodes, ${options.timeS} s per campaign, seed ${options.seed})\n`);
    out.push(`| adapter | ${SCENARIOS.join(' | ')} |`, `| --- | ${SCENARIOS.map(() => '---').join(' | ')} |`);
    for (const adapter of options.adapters) {
      const row = SCENARIOS.map((scenario) => cellText(cells.find((c) => c.adapter === adapter && c.scenario === scenario && c.server === server)));
      out.push(`| ${adapter} | ${row.join(' | ')} |`);
    }
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('interrupted: stopping the current campaign, then writing what was measured\n');
    controller.abort();
  });
  const cells: Cell[] = [];
  const total = options.servers.length * options.adapters.length * SCENARIOS.length;
  for (const server of options.servers) {
    for (const adapter of options.adapters) {
      for (const scenario of SCENARIOS) {
        if (controller.signal.aborted) break;
        const cell = await runCell(options, adapter, scenario, server, controller.signal);
        cells.push(cell);
        process.stderr.write(`[${cells.length}/${total}] ${server} ${adapter} ${scenario}: ${cellText(cell)} (${cell.scenarios} scenarios, ${cell.seconds.toFixed(0)} s)${cell.error ? ` ${cell.error}` : ''}${cell.report ? `, report kept in ${cell.report}` : ''}\n`);
      }
    }
  }
  console.log(tables(cells, options));
  await mkdir(path.dirname(options.json), { recursive: true });
  await writeFile(options.json, `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: { cpus: os.cpus().length, loadAverage: os.loadavg() }, options, cells }, null, 2)}\n`);
  console.log(`\nwrote ${options.json}`);
}

main().catch((err: unknown) => {
  console.error(`bench:adapters: ${(err as Error).message}`);
  process.exit(2);
});
