/**
 * The bug-zoo detection benchmark: for every planted bug of the reference
 * server, how fast siochaos finds it (search, then shrink) against a baseline
 * of random chaos checked once per round, plus the harness's throughput
 * overhead. Prints tables and writes reports/bench/zoo.json.
 *
 * With `--workers 1,2` each bug's seeds are searched once per worker count
 * (the first fills the detection table) and a table puts the times to detect
 * side by side.
 *
 * Usage: npm run bench:zoo -- [--seeds K] [--time-limit S] [--shrink-limit S] [--round S] [--bugs a,b] [--part all|detection|throughput] [--workers 1,2] [--json PATH] [--quick]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zoo from '../../scenarios/zoo.js';
import zooNodes from '../../scenarios/zoo-nodes.js';
import { provideToxiproxy } from '../../harness/src/index.js';
import { provideRedis, type RedisServer } from '../../harness/src/provision/redis.js';
import { bugInfo, isNodeBugName, type AnyBugName } from '../../reference-server/src/bugs.js';
import { parseZooArgs } from './args.js';
import { runBaselineSeed, type BaselineRun } from './baselineRun.js';
import { BASELINE_FAULTS, BASELINE_NODE_FAULTS, baselineChaos } from './baselineChaos.js';
import { runSiochaosSeed, type SiochaosRun } from './siochaosRun.js';
import { speedRatio, summariseBaseline, summariseSiochaos } from './summary.js';
import { detectionTable, throughputTable, workersTable, type BugRow, type WorkersRow } from './table.js';
import { compareThroughput, type ThroughputComparison } from './throughput.js';
import { ZOO_CAMPAIGN, ZOO_NODES_CAMPAIGN } from './zooCampaign.js';
import { isZooBug, ZOO_BUG_NAMES, zooBugLine, zooTarget } from './zooTarget.js';
import { expectedKinds } from './expectedKinds.js';
import { zooTargets } from './targets.js';

const THROUGHPUT_CLIENTS = [1, 10, 100];
/** Seeds the correct server gets per strategy: each runs the whole time limit. */
const CORRECT_SEEDS = 3;

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function seedLine(strategy: string, bug: string, run: SiochaosRun | BaselineRun): string {
  const found = run.detected ? `found in ${run.secondsToDetect!.toFixed(1)} s (${run.anomalyKinds.join(', ')})` : 'not found';
  const reproduced = 'reproduction' in run && run.reproduction ? `, failed again in ${run.reproduction.failures} of ${run.reproduction.tries} runs` : '';
  const extra = 'shrunkLength' in run && run.shrunkLength !== null ? `, shrunk to ${run.shrunkLength} commands${reproduced}` : '';
  const evidence = 'evidence' in run && run.evidence ? `, kept in ${run.evidence}` : '';
  return `  ${strategy} ${bug} seed ${run.seed}: ${found}${extra}${evidence}${run.error ? ` [error: ${run.error}]` : ''}`;
}

async function main(): Promise<void> {
  const args = parseZooArgs(process.argv.slice(2));
  const names = args.bugs ?? ZOO_BUG_NAMES;
  for (const bug of names) {
    if (!isZooBug(bug)) throw new Error(`no bug "${bug}" in the zoo: use one of ${ZOO_BUG_NAMES.join(', ')}`);
  }
  const bugs = names as readonly AnyBugName[];
  // The correct server runs as each kind of target the chosen bugs run on.
  const withNodes = bugs.some(isNodeBugName);
  const withOneProcess = args.bugs === null || bugs.some((bug) => !isNodeBugName(bug));
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
  // And one Redis for every multi-node target (each scenario's keys under a prefix of its own).
  const previousRedis = process.env.REDIS_URL;
  let redis: RedisServer | undefined;
  if (withNodes) {
    redis = await provideRedis({ progress });
    process.env.REDIS_URL = redis.url;
  }
  const chaos = baselineChaos(args.roundS * 1000);
  const nodeChaos = baselineChaos(args.roundS * 1000, BASELINE_NODE_FAULTS);
  const rows: BugRow[] = [];
  const perBug: Record<string, { siochaos: SiochaosRun[]; baseline: BaselineRun[]; byWorkers: Record<number, SiochaosRun[]> }> = {};
  const workerRows: WorkersRow[] = [];
  const [firstWorkers = 1, ...moreWorkers] = args.workers;
  const throughput: ThroughputComparison[] = [];
  const correct: { siochaos: SiochaosRun[]; baseline: BaselineRun[] } = { siochaos: [], baseline: [] };
  const correctNodes: { siochaos: SiochaosRun[]; baseline: BaselineRun[] } = { siochaos: [], baseline: [] };
  try {
    for (const clients of args.part === 'detection' || args.part === 'shrink' ? [] : THROUGHPUT_CLIENTS) {
      if (controller.signal.aborted) break;
      const compared = await compareThroughput(toxiproxy.url, clients, args.throughputS * 1000, args.throughputRepeats, toxiproxy.pid);
      throughput.push(compared);
      progress(`throughput, ${clients} clients: ${compared.directPerSecond.toFixed(0)} acks/s direct, ${compared.proxiedPerSecond.toFixed(0)} through Toxiproxy (medians)`);
    }

    // A multi-node bug (or the correct server with nodes) runs zoo-nodes on three nodes, the baseline node faults too.
    const siochaosSeed = (bug: AnyBugName | null, seed: number, nodes = false, workers = firstWorkers) => {
      const target = zooTarget(bug, { nodes });
      return runSiochaosSeed({
        bug,
        seed,
        scenario: target.nodes ? zooNodes : zoo,
        target,
        timeLimitMs: args.timeLimitS * 1000,
        shrinkTimeLimitMs: args.shrinkLimitS * 1000,
        campaign: { ...(target.nodes ? ZOO_NODES_CAMPAIGN : ZOO_CAMPAIGN), shrink: args.shrink },
        signal: controller.signal,
        workers,
      });
    };
    const baselineSeed = (bug: AnyBugName | null, seed: number, nodes = false) => {
      const target = zooTarget(bug, { nodes });
      return runBaselineSeed({
        bug,
        seed,
        toxiproxyUrl: toxiproxy.url,
        target,
        timeLimitMs: args.timeLimitS * 1000,
        chaos: target.nodes ? nodeChaos : chaos,
        campaign: target.nodes ? ZOO_NODES_CAMPAIGN : ZOO_CAMPAIGN,
        signal: controller.signal,
        evidenceDir: path.dirname(path.resolve(args.json)),
      });
    };

    for (const bug of args.part === 'throughput' ? [] : bugs) {
      const runs = { siochaos: [] as SiochaosRun[], baseline: [] as BaselineRun[], byWorkers: {} as Record<number, SiochaosRun[]> };
      perBug[bug] = runs;
      progress(zooBugLine(bug));
      for (let seed = 1; seed <= args.seeds && !controller.signal.aborted; seed++) {
        const run = await siochaosSeed(bug, seed);
        runs.siochaos.push(run);
        progress(seedLine(firstWorkers > 1 || moreWorkers.length ? `siochaos (${firstWorkers}w)` : 'siochaos', bug, run));
      }
      for (const workers of moreWorkers) {
        const more: SiochaosRun[] = (runs.byWorkers[workers] = []);
        for (let seed = 1; seed <= args.seeds && !controller.signal.aborted; seed++) {
          const run = await siochaosSeed(bug, seed, false, workers);
          more.push(run);
          progress(seedLine(`siochaos (${workers}w)`, bug, run));
        }
      }
      for (let seed = 1; seed <= args.seeds && args.part !== 'shrink' && !controller.signal.aborted; seed++) {
        const run = await baselineSeed(bug, seed);
        runs.baseline.push(run);
        progress(seedLine('baseline', bug, run));
      }
      if (runs.siochaos.length === 0) break;
      const expected = expectedKinds(bug);
      const siochaos = summariseSiochaos(runs.siochaos, expected);
      const baseline = runs.baseline.length > 0 ? summariseBaseline(runs.baseline, expected) : null;
      rows.push({ bug, siochaos, baseline, ratio: baseline ? speedRatio(siochaos, baseline, args.timeLimitS) : null });
      if (moreWorkers.length) {
        workerRows.push({
          bug,
          byWorkers: [
            { workers: firstWorkers, summary: siochaos },
            ...moreWorkers.map((workers) => ({ workers, summary: summariseSiochaos(runs.byWorkers[workers] ?? [], expected) })),
          ],
        });
      }
    }

    const checksCorrect = args.part === 'all' || args.part === 'detection';
    const kinds = [...(withOneProcess ? [{ nodes: false, runs: correct, name: 'correct' }] : []), ...(withNodes ? [{ nodes: true, runs: correctNodes, name: 'correct-nodes' }] : [])];
    for (const { nodes, runs, name } of checksCorrect ? kinds : []) {
      const what = nodes ? `correct server on ${zooTarget(null, { nodes }).nodes} ${zooTarget(null, { nodes }).adapter} nodes` : 'correct server (no bug)';
      progress(`${what}, ${CORRECT_SEEDS} seeds: the same budget should find nothing`);
      for (let seed = 1; seed <= CORRECT_SEEDS && !controller.signal.aborted; seed++) {
        const ours = await siochaosSeed(null, seed, nodes);
        runs.siochaos.push(ours);
        progress(seedLine('siochaos', name, ours));
        if (controller.signal.aborted) break;
        const theirs = await baselineSeed(null, seed, nodes);
        runs.baseline.push(theirs);
        progress(seedLine('baseline', name, theirs));
      }
    }
  } finally {
    await toxiproxy.stop();
    await redis?.stop();
    if (previousUrl === undefined) delete process.env.TOXIPROXY_URL;
    else process.env.TOXIPROXY_URL = previousUrl;
    if (previousRedis === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = previousRedis;
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
      part: args.part,
      workers: args.workers,
      throughputSeconds: args.throughputS,
      throughputRepeats: args.throughputRepeats,
      scenario: zoo,
      campaign: { ...ZOO_CAMPAIGN, retries: 'unlimited' },
      baseline: { ...chaos, faults: BASELINE_FAULTS },
      // The multi-node bugs' (and correctNodes') settings.
      nodes: {
        scenario: zooNodes,
        campaign: { ...ZOO_NODES_CAMPAIGN, retries: 'unlimited' },
        baseline: { ...nodeChaos, faults: BASELINE_NODE_FAULTS },
      },
    },
    bugs: rows.map((row) => ({
      bug: row.bug,
      description: bugInfo(row.bug as AnyBugName).description,
      target: zooTarget(row.bug as AnyBugName),
      expectedAnomalies: expectedKinds(row.bug),
      siochaos: { ...row.siochaos, workers: firstWorkers, runs: perBug[row.bug]!.siochaos },
      ...(moreWorkers.length
        ? { siochaosByWorkers: workerRows.find((w) => w.bug === row.bug)?.byWorkers.slice(1).map((w) => ({ ...w, runs: perBug[row.bug]!.byWorkers[w.workers] })) }
        : {}),
      baseline: row.baseline ? { ...row.baseline, runs: perBug[row.bug]!.baseline } : null,
      baselineOverSiochaos: row.ratio,
    })),
    correct,
    correctNodes,
    throughput: throughput.map((t) => ({ ...t, proxiedOverDirect: t.directPerSecond > 0 ? t.proxiedPerSecond / t.directPerSecond : null })),
    targets,
  };
  await mkdir(path.dirname(path.resolve(args.json)), { recursive: true });
  await writeFile(args.json, JSON.stringify(out, null, 2) + '\n');

  const cpu = `${machine.cores} × ${machine.cpu}, node ${machine.node}`;
  process.stdout.write(`\nbug zoo: ${args.seeds} seeds per bug, ${args.timeLimitS} s limit per seed; ${cpu}\n\n`);
  if (rows.length > 0) process.stdout.write(`${detectionTable(rows)}\n\n`);
  if (workerRows.length > 0) process.stdout.write(`time to detect by workers (${args.workers.join(', ')}):\n${workersTable(workerRows)}\n\n`);
  const verdicts = (runs: readonly (SiochaosRun | BaselineRun)[]): string =>
    runs.map((r) => (r.detected ? `invalid (${r.anomalyKinds.join(', ')})` : 'valid')).join(', ') || '-';
  if (correct.siochaos.length > 0) {
    process.stdout.write(`correct server, ${args.timeLimitS} s per seed: siochaos ${verdicts(correct.siochaos)}; baseline ${verdicts(correct.baseline)}\n\n`);
  }
  if (correctNodes.siochaos.length > 0) {
    const { nodes, adapter } = zooTarget(null, { nodes: true });
    process.stdout.write(`correct server on ${nodes} ${adapter} nodes, ${args.timeLimitS} s per seed: siochaos ${verdicts(correctNodes.siochaos)}; baseline ${verdicts(correctNodes.baseline)}\n\n`);
  }
  if (throughput.length > 0) process.stdout.write(`${throughputTable(throughput)}\n\n`);
  for (const t of targets) process.stdout.write(`${t.met ? 'met    ' : 'missed '} ${t.target}: ${t.figure}\n`);
  process.stdout.write(`\nfigures: ${args.json}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:zoo failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
