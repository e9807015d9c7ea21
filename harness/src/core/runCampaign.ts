import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import createDebug from 'debug';
import fc from 'fast-check';
import { strategyByName } from '../clients/strategies/registry.js';
import type { CampaignConfig } from '../config/types.js';
import { SetupError } from '../errors/SetupError.js';
import { commandsReplayPath, generatedScenario } from '../generate/arbitraries.js';
import { initialModel } from '../generate/Model.js';
import { loadProtocol } from '../protocol/configurable.js';
import { report, type Reporter } from '../reporters/Reporter.js';
import { provideToxiproxy } from '../toxiproxy/provide.js';
import { rowIdentity } from '../stores/rowIdentity.js';
import { RESULTS_VERSION, type CampaignFigures, type CampaignResult, type Counterexample, type ScenarioSummary } from './CampaignResult.js';
import { campaignSignal } from './campaignSignal.js';
import { makeReportDir } from './reportDir.js';
import { makeTarget, sharedStore } from './makeTarget.js';
import { runScenario, type ScenarioResult, type ScenarioSetup } from './runScenario.js';
import { startScenarioTarget, TargetsAhead } from './scenarioTarget.js';
import { campaignFaultPlan } from './targetFaultPlan.js';
import type { FaultFamilyPlan } from '../generate/targetFaults.js';
import { replayCommandLine } from './replayCommandLine.js';
import { newRunId, scenarioMsgPrefix } from './msgPrefix.js';
import { compareReplay } from './compareReplay.js';
import { evaluateCandidate, reproduce, type Evaluation } from './shrink.js';
import type { TransportMode } from '../clients/ChaosClient.js';
import type { ScenarioCommand } from '../generate/commands/ScenarioCommand.js';

const debug = createDebug('siochaos:core');

/** Options of {@link runCampaign} besides the config. */
export interface RunCampaignOptions {
  reporters?: Reporter[];
  /** Aborting it interrupts the campaign: it stops after the current command and reports what it found. */
  signal?: AbortSignal;
}

/** One scenario run, as the campaign keeps it. */
interface Run {
  summary: ScenarioSummary;
  result: ScenarioResult;
}

/** The smallest failing scenario so far: its first failing run, what runs it again, and how often it failed. */
interface Failure extends Run {
  transport: TransportMode;
  commands: Iterable<ScenarioCommand>;
  evaluation: Evaluation;
}

function emptyFigures(): CampaignFigures {
  return {
    scenarios: 0, valid: 0, invalid: 0, unknown: 0, shrinkRuns: 0,
    messagesSent: 0, messagesAcked: 0, messagesStored: 0, retries: 0, faultsInjected: {},
  };
}

function addFigures(figures: CampaignFigures, summary: ScenarioSummary, result: ScenarioResult): void {
  figures.scenarios++;
  figures[summary.verdict]++;
  if (summary.phase === 'shrink') figures.shrinkRuns++;
  figures.messagesSent += result.figures.sent;
  figures.messagesAcked += result.figures.acked;
  figures.messagesStored += result.figures.stored;
  figures.retries += result.figures.retries;
  for (const [name, n] of Object.entries(result.faults)) figures.faultsInjected[name] = (figures.faultsInjected[name] ?? 0) + n;
}

/** The commands a scenario ran, from its history's command notes. */
function commandsOf(result: ScenarioResult): string[] {
  const commands: string[] = [];
  for (const event of result.history) if (event.type === 'note' && event.phase === 'command') commands.push(event.detail ?? '');
  return commands;
}

/**
 * Whether the campaign starts each scenario's target while the scenario before
 * it runs: only the reference server, whose every target lives in a folder of
 * its own on a free port (your own server may listen on a fixed port or share
 * a store), and not for a replay, which runs one scenario.
 */
function startsTargetsAhead(config: CampaignConfig): boolean {
  return config.target.kind === 'reference' && !config.replay;
}

/**
 * Runs a campaign: provides Toxiproxy, generates scenarios with fast-check
 * from the seed, runs each against a fresh target (the reference server's is
 * started while the scenario before runs), and on the first `invalid`
 * scenario shrinks it to the smallest failing command list. Searching stops at
 * the time limit; shrinking has its own. Reporters are told as it goes.
 *
 * Setup failures (no Toxiproxy, a target that does not start) end it with
 * verdict `unknown` and `error` set; an abort ends it with `interrupted`.
 *
 * @example
 * const result = await runCampaign(resolveConfig({ timeLimitMs: 10_000 }), { reporters: [consoleReporter()] });
 * process.exitCode = exitCodeOf(result.verdict);
 */
export async function runCampaign(config: CampaignConfig, options: RunCampaignOptions = {}): Promise<CampaignResult> {
  const reporters = options.reporters ?? [];
  const signal = campaignSignal(options.signal);
  const startedAt = new Date();
  const reportDir = await makeReportDir(config.reportsDir, config.name, startedAt);
  const figures = emptyFigures();
  const unknowns: { index: number; reason: string }[] = [];
  const skipped = new Map<string, { fault: string; reason: string; count: number }>();
  let failure: Failure | undefined;
  let setupError: Error | undefined;
  // A target that cannot be set up while shrinking ends the shrink, not the failure already found.
  let shrinkStoppedBy: Error | undefined;
  let counterexample: Counterexample | undefined;
  let faultFamilies: FaultFamilyPlan[] = [];
  await report(reporters, 'onCampaignStart', config, reportDir);

  // Client offsets in a shared store carry it, so that a rerun of the same seed never reads this run's rows as its own.
  const runId = newRunId();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-'));
  let toxiproxy: Awaited<ReturnType<typeof provideToxiproxy>> | undefined;
  let targetsAhead: TargetsAhead | undefined;
  try {
    // Interrupted during start-up: no scenario runs, and the report says so.
    if (signal.aborted) throw new Error('interrupted before Toxiproxy was provided');
    toxiproxy = await provideToxiproxy({ progress: (line) => console.error(line) });
    if (signal.aborted) throw new Error('interrupted while Toxiproxy was provided');
    const url = toxiproxy.url;
    const makeScenarioTarget = (dataDir: string) => makeTarget(config, { dataDir, logDir: reportDir, toxiproxyUrl: url });
    const faultPlan = campaignFaultPlan(config.scenario, makeScenarioTarget(path.join(workDir, 'probe')));
    faultFamilies = faultPlan.families;
    const ahead = startsTargetsAhead(config) ? new TargetsAhead(() => (signal.aborted ? Promise.reject(new Error('interrupted: no target started ahead')) : startScenarioTarget(workDir, makeScenarioTarget))) : undefined;
    targetsAhead = ahead;
    const setup: ScenarioSetup = {
      toxiproxyUrl: url,
      makeTarget: makeScenarioTarget,
      ...(ahead ? { takeTarget: () => ahead.take() } : {}),
      clients: config.clients,
      strategy: strategyByName(config.strategy),
      strategyOptions: { ackTimeoutMs: config.ackTimeoutMs, retries: config.retries },
      protocol: await loadProtocol(config.protocol),
      checkers: config.store?.kind === 'none' ? ['receive', 'crash', 'robustness'] : undefined,
      browser: config.browser,
      scoped: sharedStore(config),
      uniqueTexts: rowIdentity(config.store) === 'content',
      transport: 'websocket',
      workDir,
      finalPhase: config.finalPhase,
      signal,
    };
    const searchDeadline = Date.now() + config.timeLimitMs;
    // Set at the first failure: shrinking gets its own limit, whatever the search left unspent.
    let shrinkDeadline = Infinity;
    const arbitrary = generatedScenario({
      clients: config.clients,
      maxCommands: config.maxCommands,
      scenario: faultPlan.scenario,
      transport: config.transport,
      texts: config.texts,
      pages: config.browser?.clients ?? 0,
      ...(config.replay ? { replayPath: config.replay.commandsPath } : {}),
    });
    // A replay runs the value at its path and nothing else: fast-check would go on with the values after it.
    let replayed = false;
    /** Runs one scenario, records it, tells the reporters; undefined when the target could not be set up. */
    const runOne = async (transport: TransportMode, commands: Iterable<ScenarioCommand>): Promise<Run | undefined> => {
      let result: ScenarioResult;
      const index = figures.scenarios + 1;
      try {
        result = await runScenario({ ...setup, transport, msgPrefix: setup.scoped ? scenarioMsgPrefix(config.seed, runId, index) : '' }, (world) =>
          fc.asyncModelRun(() => ({ model: initialModel(config.clients), real: world }), commands),
        );
      } catch (err) {
        if (err instanceof SetupError) {
          if (!failure) {
            setupError = err;
            return undefined;
          }
          shrinkStoppedBy = err;
          unknowns.push({ index, reason: `the target could not be set up while shrinking, so shrinking stopped at the smallest failure found so far: ${err.message}` });
          return undefined;
        }
        throw err;
      }
      const summary: ScenarioSummary = {
        index: figures.scenarios + 1,
        phase: failure ? 'shrink' : 'search',
        transport,
        verdict: result.verdict,
        durationMs: result.durationMs,
        commands: commandsOf(result),
        anomalies: result.check.anomalies.length,
        figures: result.figures,
        ...(result.error ? { error: result.error } : {}),
      };
      addFigures(figures, summary, result);
      for (const event of result.history) {
        if (event.type !== 'note' || event.phase !== 'skipped-fault' || !event.detail) continue;
        const [fault = '', reason = ''] = event.detail.split(/: (.*)/s);
        const entry = skipped.get(event.detail) ?? { fault, reason, count: 0 };
        entry.count++;
        skipped.set(event.detail, entry);
      }
      if (summary.verdict === 'unknown') {
        unknowns.push({ index: summary.index, reason: result.error ?? (result.check.notes.join('; ') || 'interrupted') });
      }
      await report(reporters, 'onScenarioEnd', summary, result);
      return { summary, result };
    };
    /**
     * One run of a candidate while shrinking: whether it failed (by default: any
     * `invalid`), or undefined once the campaign is stopping.
     */
    const tryCandidate =
      (
        transport: TransportMode,
        commands: Iterable<ScenarioCommand>,
        found: (run: Run) => void,
        deadline = () => shrinkDeadline,
        fails = (run: Run) => run.summary.verdict === 'invalid',
      ) =>
      async () => {
        if (setupError || shrinkStoppedBy || signal.aborted || Date.now() > deadline()) return undefined;
        const run = await runOne(transport, commands);
        if (!run) return undefined;
        if (run.summary.verdict === 'invalid') found(run);
        return fails(run);
      };
    const property = fc.asyncProperty(arbitrary, async ({ transport, commands }) => {
      // Interrupted: fast-check stops at once (drawing the runs left would take seconds), keeping any failure found.
      if (signal.aborted) throw new fc.PreconditionFailure(true);
      if (setupError) return true;
      if (config.replay) {
        if (replayed) return true;
        replayed = true;
      }
      // Past the search limit with nothing found, fast-check stops at once too. (Its own interruptAfterTimeLimit
      // would abandon a scenario under way: the campaign stopped Toxiproxy and reported while that scenario's
      // target and proxies were still up, which the soak counted as left over.)
      if (!failure && Date.now() > searchDeadline) throw new fc.PreconditionFailure(true);
      // An empty scenario sends no message: it would cost a target start and a final phase to find nothing.
      if (commands[Symbol.iterator]().next().done) return true;
      // Past the shrink limit (or once a target could not be set up) every candidate left passes untried,
      // so fast-check ends with the smallest failure so far.
      if (failure && (Date.now() > shrinkDeadline || shrinkStoppedBy)) return true;
      if (!failure) {
        // The search runs each scenario once.
        const run = await runOne(transport, commands);
        if (!run || run.summary.verdict !== 'invalid') return true;
        shrinkDeadline = Date.now() + config.shrinkTimeLimitMs;
        await report(reporters, 'onShrinkStart', run.summary);
        failure = { ...run, transport, commands, evaluation: { failed: true, tries: 1, failures: 1 } };
        return false;
      }
      // Shrinking: a candidate fails when it fails in k of n runs (a race does not fail on every try).
      let first: Run | undefined;
      const evaluation = await evaluateCandidate(tryCandidate(transport, commands, (run) => (first ??= run)), config.shrink);
      if (!evaluation.failed || !first) return true;
      failure = { ...first, transport, commands, evaluation };
      return false;
    });
    const details = await fc.check(property, {
      seed: config.seed,
      numRuns: config.runs,
      ...(config.replay ? { path: config.replay.path, endOnFailure: true } : {}),
    });
    if (setupError) throw setupError;
    if (details.failed && !failure && details.errorInstance) throw details.errorInstance;
    if (failure && details.counterexamplePath !== null) {
      const final = failure;
      // How often the final counterexample fails: its runs while shrinking, topped up to n (not on a replay).
      // A top-up run counts when every anomaly kind of the counterexample came back, as a replay counts it,
      // not when it failed some other way.
      const expectedKinds = final.result.check.anomalies.map((a) => ({ kind: a.kind, msgs: [...a.msgs] }));
      const sameFailure = (run: Run) => compareReplay(expectedKinds, run.summary.verdict, run.result.check.anomalies).reproduced;
      const reproduction = config.replay
        ? { failures: final.evaluation.failures, tries: final.evaluation.tries }
        : await reproduce(final.evaluation, tryCandidate(final.transport, final.commands, () => undefined, () => Infinity, sameFailure), config.shrink.tries);
      counterexample = {
        reproduction,
        commands: failure.summary.commands,
        seed: config.seed,
        path: details.counterexamplePath,
        commandsPath: commandsReplayPath(String(details.counterexample?.[0].commands ?? '')) ?? '',
        replayCommand: replayCommandLine(reportDir),
        result: failure.result,
      };
    }
    debug('campaign: %d scenarios, failed=%s, shrinks=%d', figures.scenarios, details.failed, details.numShrinks);
  } catch (err) {
    // What an interrupt cut short (a start-up step, a target start) is not a setup failure.
    if (signal.aborted) debug('interrupted: %s', (err as Error).message);
    else setupError = err instanceof Error ? err : new Error(String(err));
  } finally {
    await targetsAhead?.close().catch((err: unknown) => debug('stopping the target started ahead failed: %s', (err as Error).message));
    await toxiproxy?.stop();
    await rm(workDir, { recursive: true, force: true });
  }

  const interrupted = signal.aborted;
  const verdict = setupError || interrupted ? 'unknown' : failure ? 'invalid' : figures.unknown > 0 ? 'unknown' : 'valid';
  const anomalies = counterexample?.result.check.anomalies ?? failure?.result.check.anomalies ?? [];
  const expected = config.replay?.expected;
  const result: CampaignResult = {
    version: RESULTS_VERSION,
    verdict,
    seed: config.seed,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    interrupted,
    ...(setupError ? { error: setupError.message } : {}),
    config,
    figures,
    ...(counterexample ? { counterexample } : {}),
    anomalies,
    unknowns,
    rowsMatchedBy: rowIdentity(config.store),
    storeScope: sharedStore(config) ? 'own-messages' : 'whole',
    skippedFaults: [...skipped.values()],
    faultFamilies,
    reportDir,
    ...(expected?.length ? { replay: compareReplay(expected, verdict, anomalies) } : {}),
  };
  await report(reporters, 'onCampaignEnd', result);
  return result;
}
