/**
 * The soak: how far siochaos can be trusted. Every named scenario with every
 * strategy that promises what the checkers check, against correct servers
 * (the reference server on SQLite and on PostgreSQL, the example servers),
 * counts false alarms, unknowns and what was left over; then replays every
 * zoo bug's shrunk counterexample N times and counts how often it came back.
 * Prints tables and writes reports/bench/soak.json. Not part of npm test.
 *
 * Usage: npm run bench:soak -- [--scenarios N] [--time 20m] [--repeat N] [--bugs a,b] [--targets a,b] [--part all|soak|replay] [--shrink-tries N] [--shrink-failures K] [--json PATH] [--quick]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { provideToxiproxy } from '../../harness/src/index.js';
import { BUG_NAMES } from '../../reference-server/src/bugs.js';
import { parseSoakArgs, USAGE } from './args.js';
import { descendants, proxiesLeft } from './leftovers.js';
import { soakCells } from './matrix.js';
import { measureBugReplays, type BugReplays } from './reproducibility.js';
import { runSoakCell, type SoakCellResult } from './soakCell.js';
import { replayTable, soakGoals, soakRows, soakTable, unknownReasons } from './table.js';
import { benchCommit } from '../benchCommit.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function commit(): string {
  return benchCommit(ROOT);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseSoakArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const stop = new AbortController();
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(130);
    progress('SIGINT: finishing the scenario under way and writing what was measured (again to quit at once)');
    stop.abort();
  });
  const reportsDir = path.join(ROOT, 'reports', 'bench', 'soak-reports', new Date(started).toISOString().replace(/[:.]/g, '-'));
  await mkdir(reportsDir, { recursive: true });

  // One Toxiproxy for every campaign: what is left in it afterwards is what the campaigns left.
  const toxiproxy = await provideToxiproxy({ progress });
  const previousUrl = process.env.TOXIPROXY_URL;
  process.env.TOXIPROXY_URL = toxiproxy.url;
  const cells: SoakCellResult[] = [];
  const bugs: BugReplays[] = [];
  let left: { processes: { pid: number; command: string }[]; proxies: string[] } = { processes: [], proxies: [] };
  try {
    if (args.part !== 'replay') {
      const plan = soakCells(args.scenarios, args.targets);
      const deadline = args.timeS === null ? Infinity : started + args.timeS * 1000;
      progress(`soak: ${args.scenarios} scenarios over ${plan.length} cells (target × scenario × strategy)${args.timeS ? `, at most ${args.timeS} s` : ''}; reports in ${path.relative(ROOT, reportsDir)}`);
      for (const [i, cell] of plan.entries()) {
        if (stop.signal.aborted || Date.now() > deadline) break;
        cells.push(await runSoakCell(cell, { reportsDir, deadline, firstSeed: 1 + i * 1000, signal: stop.signal, progress }));
      }
    }
    if (args.part !== 'soak' && !stop.signal.aborted) {
      const names = args.bugs ?? [...BUG_NAMES];
      progress(`reproducibility: ${names.length} zoo bugs, ${args.repeat} replays of each shrunk counterexample`);
      for (const bug of names) {
        if (stop.signal.aborted) break;
        bugs.push(await measureBugReplays(bug, { reportsDir, repeat: args.repeat, shrink: args.shrink, searchMs: 60_000, shrinkMs: 30_000, signal: stop.signal, progress }));
      }
    }
    left = { processes: await descendants(process.pid, [toxiproxy.pid]), proxies: await proxiesLeft(toxiproxy.url) };
  } finally {
    if (previousUrl === undefined) delete process.env.TOXIPROXY_URL;
    else process.env.TOXIPROXY_URL = previousUrl;
    await toxiproxy.stop();
  }

  const rows = soakRows(cells);
  const reasons = unknownReasons(cells);
  const goals = soakGoals(rows, bugs, { processes: left.processes.length, proxies: left.proxies.length }, args.scenarios);
  const falseAlarms = cells.flatMap((c) => c.campaigns.filter((k) => k.verdict === 'invalid' && !k.notPromised).map((k) => ({ target: c.target, scenario: c.scenario, strategy: c.strategy, ...k })));
  const figures = {
    command: `npm run bench:soak -- ${process.argv.slice(2).join(' ')}`.trim(),
    usage: USAGE,
    commit: commit(),
    startedAt: new Date(started).toISOString(),
    minutes: (Date.now() - started) / 60_000,
    interrupted: stop.signal.aborted,
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg() },
    args,
    rows,
    unknownReasons: reasons,
    falseAlarms,
    leftOver: left,
    replays: bugs,
    goals,
    cells,
    reportsDir: path.relative(ROOT, reportsDir),
  };
  const json = path.resolve(ROOT, args.json);
  await mkdir(path.dirname(json), { recursive: true });
  await writeFile(json, JSON.stringify(figures, null, 2));

  if (rows.length > 0) {
    console.log(`\nsoak (${figures.commit}, ${figures.minutes.toFixed(1)} min, ${figures.machine.cores} cores, load ${os.loadavg()[0]!.toFixed(1)}):\n`);
    console.log(soakTable(rows));
    console.log(reasons.length ? '\nunknown scenarios and setup errors, by reason:' : '\nno unknown scenario, no setup error');
    for (const r of reasons.slice(0, 15)) console.log(`  ${r.count}× ${r.example}`);
    for (const f of falseAlarms) console.log(`FALSE ALARM: ${f.target} ${f.scenario} ${f.strategy} seed ${f.seed}: ${f.kinds.join(', ')} (${path.relative(ROOT, f.reportDir)})`);
  }
  if (bugs.length > 0) {
    console.log('\nreproducibility (siochaos replay --repeat):\n');
    console.log(replayTable(bugs));
  }
  console.log(`\nleft over: ${left.processes.length} processes, ${left.proxies.length} proxies`);
  for (const p of left.processes) console.log(`  pid ${p.pid}: ${p.command}`);
  for (const p of left.proxies) console.log(`  proxy ${p}`);
  console.log('\ngoals:');
  for (const g of goals) console.log(`  ${g.met ? 'met   ' : 'MISSED'} ${g.target}: ${g.figure}`);
  console.log(`\nfigures: ${path.relative(ROOT, json)}`);
}

await main();
// Everything the soak started is stopped (the left-over count above proves it), but handles of
// its libraries (esbuild's service among them) can keep Node's loop alive: end here, with its code.
process.exit(process.exitCode ?? 0);
