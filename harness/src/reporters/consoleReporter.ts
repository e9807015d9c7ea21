import { phasesLine } from './phasesWords.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CampaignResult, ScenarioSummary } from '../core/CampaignResult.js';
import { describeReplay } from '../core/compareReplay.js';
import { rowsMatchedLine, storeScopeLine } from './rowsMatchedWords.js';
import type { Reporter } from '../core/Reporter.js';
import { describeTarget } from './targetWords.js';
import { verdictSentence } from './verdictWords.js';
import { faultFamilyLines } from './faultFamilyWords.js';
import { reproductionSentence } from './reproductionWords.js';
import { campaignNodeFigures } from './nodeFacts.js';
import { shardText } from '../config/shard.js';
import { WorkerBoard } from './workerBoard.js';
import { plural } from '../checkers/describe.js';

/** Where the console reporter writes one line; stdout by default. */
export type Writer = (line: string) => void;

/** A stream the console reporter writes to: stdout, stderr or a stand-in. */
export interface ConsoleStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link consoleReporter}. */
export interface ConsoleReporterOptions {
  /** Default `process.stdout`. */
  stream?: ConsoleStream;
  /** Where `CI` is read from (default `process.env`): when set, plain lines even on a TTY. */
  env?: Record<string, string | undefined>;
  /** How often the live line refreshes its time left, in ms (default 1000; 0: only after each scenario). */
  refreshMs?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function timeLeft(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s left` : `${s} s left`;
}

/** Which worker ran a scenario, when several did. */
function by(summary: ScenarioSummary): string {
  return summary.worker !== undefined ? ` (worker ${summary.worker})` : '';
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Tells a person how the campaign goes. On a terminal it keeps one live
 * progress line, rewritten in place: scenarios run, faults injected,
 * anomalies so far, while shrinking the shrink runs so far and the smallest
 * failure's length, time left, then what every worker is doing now
 * (`w1: #13 running 0.8 s · w2: #14 running 0.2 s`; `#46 shrinking`,
 * `idle`; fewer words, and no faults count, when the terminal is narrow). When the output is not a
 * terminal, or `CI` is set, it prints a plain line per scenario as it ends
 * instead (naming its worker when there are several; a shrink run's line
 * counts the shrink runs and gives the smallest failure so far). At the end:
 * the verdict in words, the anomalies, the shrunk counterexample, how to
 * replay it and where report.html is.
 *
 * @example
 * await runCampaign(config, { reporters: [jsonReporter(), htmlReporter(), consoleReporter()] });
 * consoleReporter({ stream: process.stderr }); // progress on stderr
 */
export function consoleReporter(options: ConsoleReporterOptions | Writer = {}): Reporter {
  const opts: ConsoleReporterOptions = typeof options === 'function' ? { stream: { write: (chunk) => options(chunk.replace(/\n$/, '')) } } : options;
  const stream = opts.stream ?? process.stdout;
  const env = opts.env ?? process.env;
  const live = stream.isTTY === true && !env.CI;
  const now = opts.now ?? Date.now;
  const refreshMs = opts.refreshMs ?? 1000;
  const write = (line: string) => stream.write(line + '\n');

  let started = now();
  let searchMs = 0;
  let shrinkMs = 0;
  let scenarios = 0;
  /** Scenarios of a multi-node target, for the figures per node at the end. */
  const nodeSummaries: ScenarioSummary[] = [];
  let faults = 0;
  let anomalies = 0;
  let shrinking = false;
  /** Runs while shrinking, and the fewest steps of a failure so far. */
  let shrinkRuns = 0;
  let smallest: number | undefined;
  let lineShown = false;
  /** What each worker is doing now; named on the line when the campaign has several. */
  const board = new WorkerBoard();
  let severalWorkers = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const shrinkProgress = (compact = false) =>
    `${count(shrinkRuns, 'shrink run')}${smallest !== undefined ? `, smallest${compact ? '' : ' failure'} ${count(smallest, 'step')}` : ''}`;
  /** The live line; `compact` drops what a narrow terminal has least need of (faults, filler words) to keep every worker. */
  const progress = (compact: boolean): string => {
    const t = now();
    const left = shrinking ? searchMs + shrinkMs - (t - started) : searchMs - (t - started);
    const parts = [
      count(scenarios, 'scenario'),
      ...(compact ? [] : [`${count(faults, 'fault')} injected`]),
      `${anomalies} ${anomalies === 1 ? 'anomaly' : 'anomalies'}${compact ? '' : ' so far'}`,
    ];
    if (shrinking) parts.push(shrinkProgress(compact));
    parts.push(timeLeft(left), ...board.words({ now: t, labelled: severalWorkers, compact }));
    return `siochaos ${shrinking ? '▸ shrinking' : '▸ searching'}: ${parts.join(' · ')}`;
  };
  const draw = () => {
    if (!live) return;
    // A terminal of unknown width (0 under `script`, some CI shells) gets room for the whole line.
    const width = Math.max(20, (stream.columns && stream.columns > 0 ? stream.columns : 160) - 1);
    const full = progress(false);
    const text = full.length > width ? progress(true) : full;
    stream.write(`\r${text.length > width ? text.slice(0, width - 1) + '…' : text}\x1b[K`);
    lineShown = true;
  };
  const clearLine = () => {
    if (live && lineShown) stream.write('\r\x1b[K');
    lineShown = false;
  };
  /** A line that stays: clears the live line, prints, draws it again. */
  const say = (line: string) => {
    clearLine();
    write(line);
  };

  return {
    name: 'console',
    onCampaignStart(config, reportDir) {
      started = now();
      searchMs = config.timeLimitMs;
      shrinkMs = config.shrinkTimeLimitMs;
      severalWorkers = config.workers > 1;
      write(
        `siochaos: campaign ${config.name}, seed ${config.seed}, ${config.clients} clients, strategy ${config.strategy}` +
          `, up to ${config.runs} scenarios in ${seconds(config.timeLimitMs)}` +
          (config.workers > 1 ? `, ${config.workers} at once` : '') +
          (config.shard ? `, shard ${shardText(config.shard)} (the scenarios k with k mod ${config.shard.count} = ${config.shard.index - 1})` : '') +
          `, target ${describeTarget(config.target)}`,
      );
      write(`report folder: ${shown(reportDir)}`);
      if (live) {
        draw();
        if (refreshMs > 0) {
          timer = setInterval(draw, refreshMs);
          timer.unref?.();
        }
      }
    },
    onScenarioStart(start) {
      board.start(start, now());
      draw();
    },
    onWorkerIdle({ worker }) {
      board.idle(worker);
      draw();
    },
    onScenarioEnd(summary: ScenarioSummary) {
      scenarios++;
      // Summaries name their worker only when there are several: else it is worker 1.
      board.end(summary.worker ?? 1, summary.index);
      if (summary.phase === 'shrink') shrinkRuns++;
      if (summary.figures.nodes) nodeSummaries.push(summary);
      faults += summary.figures.faults;
      if (summary.verdict === 'invalid') {
        if (summary.phase === 'search') anomalies = Math.max(anomalies, summary.anomalies);
        // Only the failure being shrunk and its shrink runs: another worker's failure at a higher index is not shrunk.
        else smallest = Math.min(smallest ?? Infinity, summary.commands.length);
      }
      if (live) {
        if (summary.phase === 'search' && summary.verdict === 'invalid') {
          say(`scenario ${summary.index}${by(summary)}: invalid, ${plural(summary.anomalies, 'anomaly', 'anomalies')} (${plural(summary.commands.length, 'step')})`);
        } else if (summary.verdict === 'unknown') {
          say(`scenario ${summary.index}${by(summary)}: undecided${summary.error ? `: ${summary.error}` : ''}`);
        }
        draw();
        return;
      }
      const f = summary.figures;
      write(
        `${summary.phase === 'shrink' ? 'shrink' : 'scenario'} ${summary.index}${by(summary)}: ${summary.verdict}` +
          ` (${plural(summary.commands.length, 'command')}, ${f.sent} sent, ${f.stored} stored, ${plural(f.faults, 'fault')}, ${seconds(summary.durationMs)})` +
          (summary.anomalies ? `, ${plural(summary.anomalies, 'anomaly', 'anomalies')}` : '') +
          (summary.error ? `: ${summary.error}` : '') +
          (summary.phase === 'shrink' ? ` · ${shrinkProgress()}` : ''),
      );
    },
    onShrinkStart(found) {
      shrinking = true;
      smallest = found.commands.length;
      say('found a failure: shrinking it to the smallest scenario that still fails');
      draw();
    },
    onCampaignEnd(result: CampaignResult) {
      if (timer) clearInterval(timer);
      clearLine();
      const f = result.figures;
      write('');
      write(`verdict: ${result.verdict}${result.interrupted ? ' (interrupted)' : ''}: ${verdictSentence(result)}`);
      write(
        `  ${count(f.scenarios, 'scenario')} (${f.valid} valid, ${f.invalid} invalid, ${f.unknown} unknown, ${f.shrinkRuns} while shrinking), ` +
          `${count(f.messagesSent, 'message')} sent, ${f.messagesStored} stored, seed ${result.seed}` +
          (result.shard ? `, shard ${shardText(result.shard)}` : ''),
      );
      if (f.phasesMs) write(`  ${phasesLine(f.phasesMs)}`);
      const nodes = campaignNodeFigures(nodeSummaries);
      if (nodes) write(`  per node: ${nodes.map((n) => `${n.node} ${count(n.connections, 'connection')}, ${n.handled} handled, ${n.recoveries} recovered`).join('; ')}`);
      for (const line of [rowsMatchedLine(result.rowsMatchedBy), storeScopeLine(result.storeScope)]) if (line) write(`  ${line}`);
      for (const anomaly of result.anomalies.slice(0, 10)) write(`  ${anomaly.kind}: ${anomaly.description}`);
      if (result.anomalies.length > 10) write(`  … and ${result.anomalies.length - 10} more`);
      if (result.counterexample) {
        write(`shrunk counterexample (${plural(result.counterexample.commands.length, 'step')}):`);
        result.counterexample.commands.forEach((command, i) => write(`  ${i + 1}. ${command}`));
        const reproduction = reproductionSentence(result.counterexample.reproduction, result.config.shrink);
        if (reproduction) write(`  ${reproduction}`);
        write(`replay: ${result.counterexample.replayCommand}`);
      }
      if (result.replay) write(`replay of the report: ${describeReplay(result.replay)}`);
      for (const unknown of result.unknowns.slice(0, 3)) write(`  scenario ${unknown.index} undecided: ${unknown.reason}`);
      for (const skip of result.skippedFaults) write(`  skipped ${skip.fault} ${skip.count}× (this target cannot take it): ${skip.reason}`);
      const families = faultFamilyLines(result.faultFamilies);
      if (families.length) write('fault families (chosen for this target):');
      for (const line of families) write(`  ${line}`);
      const html = path.join(result.reportDir, 'report.html');
      write(`report: ${shown(existsSync(html) ? html : path.join(result.reportDir, 'results.json'))}`);
    },
  };
}
