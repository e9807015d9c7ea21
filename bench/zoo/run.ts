/**
 * The bug-zoo detection benchmark: for every planted bug of the reference
 * server, how fast siochaos finds it (search, then shrink) against a baseline
 * of random chaos checked once per round, plus the harness's throughput
 * overhead. Prints tables and writes reports/bench/zoo.json.
 *
 * Usage: npm run bench:zoo -- [--seeds K] [--time-limit S] [--shrink-limit S] [--round S] [--bugs a,b] [--json PATH] [--quick]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zoo from '../../scenarios/zoo.js';
import { provideToxiproxy } from '../../harness/src/index.js';
import { BUG_NAMES, BUGS, isBugName } from '../../reference-server/src/bugs.js';
import { parseZooArgs } from './args.js';
import { runBaselineSeed, type BaselineRun } from './baselineRun.js';
import { BASELINE_FAULTS, baselineChaos } from './baselineChaos.js';
import { runSiochaosSeed, type SiochaosRun } from './siochaosRun.js';
import { speedRatio, summariseBaseline, summariseSiochaos } from './summary.js';
import { detectionTable, throughputTable, type BugRow, type ThroughputRow } from './table.js';
import { measureThroughput } from './throughput.js';
import { ZOO_CAMPAIGN } from './zooCampaign.js';
import { zooTargets } from './targets.js';

const THROUGHPUT_CLIENTS = [1, 10, 100];

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function seedLine(strategy: string, bug: string, run: SiochaosRun | BaselineRun): string {
  const found = run.detected ? `found in ${run.secondsToDetect!.toFixed(1)} s (${run.anomalyKinds.join(', ')})` : 'not found';
  const extra = 'shrunkLength' in run && run.shrunkLength !== null ? `, shrunk to ${run.shrunkLength} commands` : '';
  return `  ${strategy} ${bug} seed ${run.seed}: ${found}${extra}${run.error ? ` [error: ${run.error}]` : ''}`;
}

async function main(): Promise<void> {
  const args = parseZooArgs(process.argv.slice(2));
  const bugs = args.bugs ?? BUG_NAMES;
  for (const bug of bugs) {
    if (!isBugName(bug)) throw new Error(`no bug "${bug}" in the zoo: use one of ${BUG_NAMES.join(', ')}`);
  }
  const startedAt = new Date();
  const controller = new AbortController();
  process.once('SIGINT', () => {
    progress('interrupted: finishing the current run, then writing what was measured');
    controller.abort();
  });

  const toxiproxy = await provideToxiproxy({ progress });
  const previousUrl = process.env.TOXIPROXY_URL;
  // Every campaign of the benchmark uses this one Toxiproxy instead of starting its own.
  process.env.TOXIPROXY_URL = toxiproxy.url;
  const chaos = baselineChaos(args.roundS * 1000);
  const rows: BugRow[] = [];
  const perBug: Record<string, { siochaos: SiochaosRun[]; baseline: BaselineRun[] }> = {};
  const throughput: ThroughputRow[] = [];
  const correct: { siochaos: SiochaosRun[]; baseline: BaselineRun[] } = { siochaos: [], baseline: [] };
  try {
    for (const clients of THROUGHPUT_CLIENTS) {
      if (controller.signal.aborted) break;
      const measure = (viaProxy: boolean) =>
        measureThroughput({ toxiproxyUrl: toxiproxy.url, clients, viaProxy, warmupMs: 500, durationMs: args.throughputS * 1000 });
      const direct = await measure(false);
      const proxied = await measure(true);
      throughput.push({ clients, directPerSecond: direct.ackedPerSecond, proxiedPerSecond: proxied.ackedPerSecond });
      progress(`throughput, ${clients} clients: ${direct.ackedPerSecond.toFixed(0)} acks/s direct, ${proxied.ackedPerSecond.toFixed(0)} through Toxiproxy`);
    }

    const siochaosSeed = (bug: string | null, seed: number) =>
      runSiochaosSeed({
        bug,
        seed,
        scenario: zoo,
        timeLimitMs: args.timeLimitS * 1000,
        shrinkTimeLimitMs: args.shrinkLimitS * 1000,
        campaign: ZOO_CAMPAIGN,
        signal: controller.signal,
      });
    const baselineSeed = (bug: string | null, seed: number) =>
      runBaselineSeed({
        bug,
        seed,
        toxiproxyUrl: toxiproxy.url,
        timeLimitMs: args.timeLimitS * 1000,
        chaos,
        campaign: ZOO_CAMPAIGN,
        signal: controller.signal,
      });

    for (const bug of bugs) {
      const runs = { siochaos: [] as SiochaosRun[], baseline: [] as BaselineRun[] };
      perBug[bug] = runs;
      progress(`${bug}: ${BUGS[bug as keyof typeof BUGS].description}`);
      for (let seed = 1; seed <= args.seeds && !controller.signal.aborted; seed++) {
        const run = await siochaosSeed(bug, seed);
        runs.siochaos.push(run);
        progress(seedLine('siochaos', bug, run));
      }
      for (let seed = 1; seed <= args.seeds && !controller.signal.aborted; seed++) {
        const run = await baselineSeed(bug, seed);
        runs.baseline.push(run);
        progress(seedLine('baseline', bug, run));
      }
      if (runs.siochaos.length === 0) break;
      const siochaos = summariseSiochaos(runs.siochaos);
      const baseline = runs.baseline.length > 0 ? summariseBaseline(runs.baseline) : null;
      rows.push({ bug, siochaos, baseline, ratio: baseline ? speedRatio(siochaos, baseline, args.timeLimitS) : null });
    }

    if (!controller.signal.aborted) {
      progress('correct server (no bug): the same budget must find nothing');
      correct.siochaos.push(await siochaosSeed(null, 1));
      progress(seedLine('siochaos', 'correct', correct.siochaos[0]!));
      if (!controller.signal.aborted) {
        correct.baseline.push(await baselineSeed(null, 1));
        progress(seedLine('baseline', 'correct', correct.baseline[0]!));
      }
    }
  } finally {
    await toxiproxy.stop();
    if (previousUrl === undefined) delete process.env.TOXIPROXY_URL;
    else process.env.TOXIPROXY_URL = previousUrl;
  }

  const targets = zooTargets(rows, throughput, args.timeLimitS);
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}` };
  const out = {
    version: 1,
    command: ['node', ...process.argv.slice(1).map((a) => path.relative(process.cwd(), a) || a)].join(' '),
    machine,
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    interrupted: controller.signal.aborted,
    settings: {
      seeds: args.seeds,
      timeLimitSeconds: args.timeLimitS,
      shrinkLimitSeconds: args.shrinkLimitS,
      baselineRoundSeconds: args.roundS,
      throughputSeconds: args.throughputS,
      scenario: zoo,
      campaign: { ...ZOO_CAMPAIGN, retries: 'unlimited' },
      baseline: { ...chaos, faults: BASELINE_FAULTS },
    },
    bugs: rows.map((row) => ({
      bug: row.bug,
      description: BUGS[row.bug as keyof typeof BUGS].description,
      expectedAnomalies: BUGS[row.bug as keyof typeof BUGS].anomalies,
      siochaos: { ...row.siochaos, runs: perBug[row.bug]!.siochaos },
      baseline: row.baseline ? { ...row.baseline, runs: perBug[row.bug]!.baseline } : null,
      baselineOverSiochaos: row.ratio,
    })),
    correct,
    throughput: throughput.map((t) => ({ ...t, proxiedOverDirect: t.directPerSecond > 0 ? t.proxiedPerSecond / t.directPerSecond : null })),
    targets,
  };
  await mkdir(path.dirname(path.resolve(args.json)), { recursive: true });
  await writeFile(args.json, JSON.stringify(out, null, 2) + '\n');

  const cpu = `${machine.cores} × ${machine.cpu}, node ${machine.node}`;
  process.stdout.write(`\nbug zoo: ${args.seeds} seeds per bug, ${args.timeLimitS} s limit per seed; ${cpu}\n\n`);
  process.stdout.write(`${detectionTable(rows)}\n\n`);
  process.stdout.write(`correct server: siochaos ${correct.siochaos.map((r) => r.verdict).join(', ') || '-'}, baseline ${correct.baseline.map((r) => (r.detected ? 'invalid' : 'valid')).join(', ') || '-'}\n\n`);
  process.stdout.write(`${throughputTable(throughput)}\n\n`);
  for (const t of targets) process.stdout.write(`${t.met ? 'met    ' : 'missed '} ${t.target}: ${t.figure}\n`);
  process.stdout.write(`\nfigures: ${args.json}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:zoo failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
