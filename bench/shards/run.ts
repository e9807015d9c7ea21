/**
 * Shards benchmark: one campaign (`--runs N`, one seed) run as `--shards n`
 * shards merged with `siochaos merge`, against the same campaign unsharded,
 * in this process, one after the other, with one Toxiproxy for all. It checks
 * what the merge promises (the same scenario indices run, the same verdict)
 * and puts the figures side by side: scenarios, valid/invalid/unknown,
 * messages sent/acked/stored, retries, faults by name, and time (the
 * unsharded campaign's wall time; each shard's, their longest, which is a
 * CI matrix's wall time when each shard has its own machine, and their sum;
 * the merge's).
 *
 * `merged.wallSeconds` is 0: a merged report has no wall time of its own (see shardSeconds).
 *
 * Shards run one after the other here (each as if on its own machine) with
 * one worker each, as does the unsharded campaign: on this 2-core machine,
 * running them at once would measure the machine, not the split.
 *
 * Usage: npm run bench:shards -- [--runs N] [--shards n] [--seed S] [--json PATH]
 * Exit code: 0 when the merge agreed with the unsharded campaign on indices and verdict, 1 when not.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mergeReports, provideToxiproxy, reportersByName, resolveConfig, runCampaign } from '../../harness/src/index.js';
import { parseResultsFile, type ResultsFile } from '../../harness/src/model/results.js';
import { benchCommit } from '../benchCommit.js';

interface Args {
  runs: number;
  shards: number;
  seed: number;
  json: string | null;
}

const USAGE = 'usage: npm run bench:shards -- [--runs N] [--shards n] [--seed S] [--json PATH]';

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { runs: 40, shards: 4, seed: 1, json: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--runs') args.runs = Number(value);
    else if (flag === '--shards') args.shards = Number(value);
    else if (flag === '--seed') args.seed = Number(value);
    else if (flag === '--json' && value) args.json = value;
    else throw new Error(`unknown or incomplete flag ${flag}: ${USAGE}`);
  }
  if (![args.runs, args.shards].every((n) => Number.isInteger(n) && n >= 1) || !Number.isInteger(args.seed)) throw new Error(`bad value: ${USAGE}`);
  return args;
}

/** The figures compared, from a results.json. */
interface Side {
  verdict: string;
  wallSeconds: number;
  scenarios: number;
  valid: number;
  invalid: number;
  unknown: number;
  shrinkRuns: number;
  messagesSent: number;
  messagesAcked: number;
  messagesStored: number;
  retries: number;
  faults: number;
  faultsInjected: Record<string, number>;
  /** The search's scenario indices, ascending. */
  indices: number[];
}

const round = (n: number) => Math.round(n * 10) / 10;

function side(results: ResultsFile, wallMs: number): Side {
  const f = results.figures;
  return {
    verdict: results.verdict, wallSeconds: round(wallMs / 1000), scenarios: f.scenarios, valid: f.valid, invalid: f.invalid, unknown: f.unknown,
    shrinkRuns: f.shrinkRuns, messagesSent: f.messagesSent, messagesAcked: f.messagesAcked, messagesStored: f.messagesStored, retries: f.retries,
    faults: Object.values(f.faultsInjected).reduce((a, b) => a + b, 0), faultsInjected: f.faultsInjected,
    indices: (results.scenarios ?? []).filter((s) => s.phase === 'search').map((s) => s.index).sort((a, b) => a - b),
  };
}

async function campaign(root: string, folder: string, args: Args, shard?: { index: number; count: number }): Promise<{ dir: string; results: ResultsFile; wallMs: number }> {
  const started = performance.now();
  const result = await runCampaign(
    resolveConfig({ name: 'bench-shards', seed: args.seed, runs: args.runs, timeLimitMs: 3_600_000, workers: 1, reportsDir: path.join(root, folder), ...(shard ? { shard } : {}) }),
    { reporters: reportersByName(['json', 'html', 'junit', 'markdown']) },
  );
  const wallMs = performance.now() - started;
  const file = path.join(result.reportDir, 'results.json');
  return { dir: result.reportDir, results: parseResultsFile(await readFile(file, 'utf8'), file), wallMs };
}

function table(unsharded: Side, merged: Side, shardSeconds: number[], mergeMs: number): string {
  const keys = ['verdict', 'scenarios', 'valid', 'invalid', 'unknown', 'shrinkRuns', 'messagesSent', 'messagesAcked', 'messagesStored', 'retries', 'faults'] as const;
  const rows: string[][] = keys.map((k) => [k, String(unsharded[k]), String(merged[k]), unsharded[k] === merged[k] ? 'same' : 'differs']);
  rows.push(['indices', `${unsharded.indices.length} run`, `${merged.indices.length} run`, unsharded.indices.join() === merged.indices.join() ? 'same' : 'differ']);
  const byName = (f: Record<string, number>) => JSON.stringify(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : 1)));
  rows.push(['faults by name', '', '', byName(unsharded.faultsInjected) === byName(merged.faultsInjected) ? 'same' : 'differ']);
  rows.push(['wall s', String(unsharded.wallSeconds), `max ${Math.max(...shardSeconds)}, sum ${round(shardSeconds.reduce((a, b) => a + b, 0))} (${shardSeconds.join(', ')}); merge ${mergeMs} ms`, '']);
  const header = ['figure', 'unsharded', `${shardSeconds.length} shards merged`, ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = await mkdtemp(path.join(os.tmpdir(), 'siochaos-bench-shards-'));
  const toxiproxy = await provideToxiproxy({ progress: (line) => process.stderr.write(`${line}\n`) });
  const previousUrl = process.env.TOXIPROXY_URL;
  // Every campaign uses this one Toxiproxy instead of starting its own.
  process.env.TOXIPROXY_URL = toxiproxy.url;
  const loadBefore = os.loadavg().map(round);
  const startedAt = new Date();
  let report: Record<string, unknown>;
  let agreed: boolean;
  try {
    const shards = [];
    for (let index = 1; index <= args.shards; index++) {
      const s = await campaign(root, `shard-${index}`, args, { index, count: args.shards });
      process.stderr.write(`shard ${index}/${args.shards}: ${s.results.verdict}, ${s.results.figures.scenarios} scenarios in ${round(s.wallMs / 1000)} s\n`);
      shards.push(s);
    }
    const whole = await campaign(root, 'whole', args);
    process.stderr.write(`unsharded: ${whole.results.verdict}, ${whole.results.figures.scenarios} scenarios in ${round(whole.wallMs / 1000)} s\n`);
    const mergeStarted = performance.now();
    const merged = await mergeReports(shards.map((s) => s.dir), { out: path.join(root, 'merged') });
    const mergeMs = Math.round(performance.now() - mergeStarted);
    const u = side(whole.results, whole.wallMs);
    const m = side(merged.results, 0);
    const shardSeconds = shards.map((s) => round(s.wallMs / 1000));
    agreed = u.verdict === m.verdict && u.indices.join() === m.indices.join();
    const commit = benchCommit();
    const machine = { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, commit };
    const loadAfter = os.loadavg().map(round);
    process.stdout.write(
      `\nshards: the default campaign, seed ${args.seed}, --runs ${args.runs}, ${args.shards} shards one after the other vs unsharded, 1 worker each; ` +
        `${machine.cores} × ${machine.cpu}, node ${machine.node}, commit ${commit}, load ${loadBefore.join(' ')} → ${loadAfter.join(' ')}\n\n` +
        `${table(u, m, shardSeconds, mergeMs)}\n\n` +
        `${agreed ? 'agreed: the same scenario indices and the same verdict' : 'DISAGREED: the merge did not give the unsharded campaign\'s indices or verdict'}\n`,
    );
    report = { startedAt: startedAt.toISOString(), args, machine, loadBefore, loadAfter, unsharded: u, merged: { ...m, wallSeconds: undefined }, shardSeconds, mergeMs, agreed };
  } finally {
    await toxiproxy.stop();
    if (previousUrl === undefined) delete process.env.TOXIPROXY_URL;
    else process.env.TOXIPROXY_URL = previousUrl;
    await rm(root, { recursive: true, force: true });
  }
  if (args.json) await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = agreed ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:shards failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
