/**
 * Start-up benchmark: how long `siochaos --help` takes to print, through npx
 * (what a user types) and straight through node (the launcher alone), and how
 * long `siochaos run` takes to reach its campaign and to finish its first
 * scenario. Each command runs `--runs` times in a row from this repository;
 * the median is printed (and the fastest and slowest).
 *
 * Usage: node --import tsx bench/startup/run.ts [--runs 7] [--json out.json] [--no-run]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = path.join(ROOT, 'harness', 'bin', 'siochaos.mjs');

interface Figure {
  what: string;
  command: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

function parseArgs(argv: readonly string[]): { runs: number; json: string | null; campaign: boolean } {
  let runs = 7;
  let json: string | null = null;
  let campaign = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') runs = Number(argv[++i]);
    else if (arg === '--json') json = argv[++i] ?? '';
    else if (arg === '--no-run') campaign = false;
    else throw new Error(`unknown argument "${arg}": use --runs N, --json PATH, --no-run`);
  }
  if (!Number.isInteger(runs) || runs < 1 || json === '') throw new Error('bad arguments: --runs needs a whole number ≥ 1, --json a path');
  return { runs, json, campaign };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function figure(what: string, command: string, samples: readonly number[]): Figure {
  return { what, command, medianMs: Math.round(median(samples)), minMs: Math.round(Math.min(...samples)), maxMs: Math.round(Math.max(...samples)), runs: samples.length };
}

/** Milliseconds for `command` to run to its end, `runs` times. */
function timeToExit(command: readonly string[], runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(command[0]!, command.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Starts a campaign and times the first stdout line matching each of `marks`;
 * then interrupts it (SIGINT, as Ctrl-C) and waits for it to exit.
 */
function timeToLines(command: readonly string[], marks: readonly RegExp[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const seen: number[] = [];
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      while (seen.length < marks.length && marks[seen.length]!.test(buffered)) seen.push(performance.now() - started);
      if (seen.length === marks.length) child.kill('SIGINT');
    });
    child.once('error', reject);
    child.once('exit', () => (seen.length === marks.length ? resolve(seen) : reject(new Error(`the campaign exited before printing ${marks[seen.length]}`))));
  });
}

async function main(): Promise<void> {
  const { runs, json, campaign } = parseArgs(process.argv.slice(2));
  let commit = `${path.basename(ROOT)} (not a git checkout)`;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // an exported tree: its folder name says which commit
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`;
  const figures: Figure[] = [];
  const helpDirect = [process.execPath, LAUNCHER, '--help'];
  const helpNpx = ['npx', 'siochaos', '--help'];
  figures.push(figure('--help through npx', helpNpx.join(' '), timeToExit(helpNpx, runs)));
  figures.push(figure('--help through node', `node ${path.relative(ROOT, LAUNCHER)} --help`, timeToExit(helpDirect, runs)));
  if (campaign) {
    const reports = mkdtempSync(path.join(os.tmpdir(), 'siochaos-startup-'));
    try {
      const run = [process.execPath, LAUNCHER, 'run', '--seed', '1', '--time', '1m', '--reporter', 'console', '--reports', reports];
      const campaignStart: number[] = [];
      const firstScenario: number[] = [];
      for (let i = 0; i < Math.min(runs, 3); i++) {
        const [start, first] = await timeToLines(run, [/^siochaos: campaign /m, /^scenario 1: /m]);
        campaignStart.push(start!);
        firstScenario.push(first!);
      }
      const shown = `node ${path.relative(ROOT, LAUNCHER)} run --seed 1 --time 1m --reporter console`;
      figures.push(figure('run: to its campaign line', shown, campaignStart));
      figures.push(figure('run: to its first scenario', shown, firstScenario));
    } finally {
      rmSync(reports, { recursive: true, force: true });
    }
  }
  console.log(`siochaos start-up at ${commit} on ${machine}`);
  for (const f of figures) console.log(`${f.what.padEnd(28)} median ${String(f.medianMs).padStart(6)} ms  (${f.minMs}–${f.maxMs} ms, ${f.runs} runs)  ${f.command}`);
  if (json) writeFileSync(json, `${JSON.stringify({ commit, machine, figures }, null, 2)}\n`);
}

await main();
