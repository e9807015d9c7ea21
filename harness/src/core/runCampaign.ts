import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import createDebug from 'debug';
import { strategyByName } from '../clients/strategies/registry.js';
import type { CampaignConfig } from '../config/types.js';
import { loadProtocol } from '../protocol/configurable.js';
import { report, type Reporter } from './Reporter.js';
import { provideToxiproxy } from '../toxiproxy/provide.js';
import { provideRedis, type RedisServer } from '../provision/redis.js';
import { rowIdentity } from '../stores/rowIdentity.js';
import type { CampaignResult, Counterexample } from './CampaignResult.js';
import type { Unjudged } from '../model/promises.js';
import { unjudgedIn } from './campaignPromises.js';
import { campaignSignal } from './campaignSignal.js';
import { makeReportDir } from './reportDir.js';
import { makeTarget, sharedStore } from './makeTarget.js';
import type { ScenarioSetup } from './runScenario.js';
import { startScenarioTarget, TargetsAhead, type StartedTarget } from './scenarioTarget.js';
import { readyAhead, releaseReadied, type ReadyAheadOptions } from './readyAhead.js';
import { legacyScenarioSetup } from '../util/legacySetup.js';
import { ScenarioResources } from './scenarioResources.js';
import { campaignFaultPlan } from './targetFaultPlan.js';
import type { FaultFamilyPlan } from '../generate/targetFaults.js';
import { newRunId } from './msgPrefix.js';
import { scenarioRunner, type CampaignProgress, type RunOne } from './campaignRun.js';
import { replayScenario } from './replayScenario.js';
import { searchScenarios } from './searchScenarios.js';
import { shrinkFound, type ShrunkPath } from './shrinkFound.js';
import { counterexampleOf } from './shrinkFailure.js';
import { emptyTally, summarizeCampaign } from './summarizeCampaign.js';

const debug = createDebug('siochaos:core');

/** The longest a target readied ahead waits for its warm-up connection: a start stalled that long is its scenario's to report. */
const WARM_UP_MAX_MS = 2000;

/** Options of {@link runCampaign} besides the config. */
export interface RunCampaignOptions {
  reporters?: Reporter[];
  /** Aborting it interrupts the campaign: it stops after the current command and reports what it found. */
  signal?: AbortSignal;
}

/** Stops a worker's target started ahead; a failure to is only logged (the campaign's result does not hang on it). */
function closeAhead(ahead: TargetsAhead): Promise<void> {
  return ahead.close().catch((err: unknown) => debug('stopping the target started ahead failed: %s', (err as Error).message));
}

/**
 * A worker's {@link TargetsAhead}: each target is started (and, with the
 * scenario-cost cuts on, readied: its proxies taken and its first connection
 * made, see {@link readyAhead}) while the worker's scenario before it runs;
 * none is started once the campaign is interrupted.
 */
function targetsAheadOf(start: () => Promise<StartedTarget>, signal: AbortSignal, resources: ScenarioResources, ready: Omit<ReadyAheadOptions, 'stock'>): TargetsAhead {
  const interrupted = (): Promise<never> => Promise.reject(new Error('interrupted: no target started ahead'));
  if (legacyScenarioSetup()) return new TargetsAhead(() => (signal.aborted ? interrupted() : start()));
  const stock = resources.proxies;
  return new TargetsAhead(
    () => (signal.aborted ? interrupted() : start().then((started) => readyAhead(started, { ...ready, stock }))),
    (started) => releaseReadied(started, stock),
  );
}

/**
 * How a worker's scenarios take their target from `ahead` and start the next
 * one's: once their clients are connected (with the legacy switch, at once,
 * as before the scenario-cost cuts).
 */
function aheadHooks(ahead: TargetsAhead): Pick<ScenarioSetup, 'takeTarget' | 'startNextTarget'> {
  if (!legacyScenarioSetup()) return { takeTarget: () => ahead.take(), startNextTarget: () => ahead.startNext() };
  return {
    takeTarget: async () => {
      const started = await ahead.take();
      ahead.startNext();
      return started;
    },
  };
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
 * from the seed (scenario k is the value at path k), runs `workers` of them at
 * once (those of its shard), each against a fresh target of its own (the
 * reference server's is started while the worker's scenario before runs), and
 * on the first `invalid` scenario (the lowest failing index) shrinks it to the
 * smallest failing command list, one candidate at a time. Searching stops at
 * the time limit; shrinking has its own. Reporters are told as it goes.
 * The search is searchScenarios.ts, the shrink shrinkFound.ts and
 * shrinkFailure.ts, the result summarizeCampaign.ts; this file wires them to
 * Toxiproxy (one per campaign), Redis (one per campaign) and the targets.
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
  const progress: CampaignProgress = { tally: emptyTally(), shrinkDeadline: Infinity, lastIndex: 0, signal };
  let counterexample: Counterexample | undefined;
  let faultFamilies: FaultFamilyPlan[] = [];
  let notJudged: Unjudged[] = [];
  await report(reporters, 'onCampaignStart', config, reportDir);

  // Client offsets in a shared store carry it, so that a rerun of the same seed never reads this run's rows as its own.
  const runId = newRunId();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-'));
  let toxiproxy: Awaited<ReturnType<typeof provideToxiproxy>> | undefined;
  const targetsAhead: TargetsAhead[] = [];
  let resources: ScenarioResources | undefined;
  let redis: Promise<RedisServer> | undefined;
  try {
    // Interrupted during start-up: no scenario runs, and the report says so.
    if (signal.aborted) throw new Error('interrupted before Toxiproxy was provided');
    toxiproxy = await provideToxiproxy({ progress: (line) => console.error(line) });
    if (signal.aborted) throw new Error('interrupted while Toxiproxy was provided');
    const url = toxiproxy.url;
    const shared = (resources = new ScenarioResources(url));
    // One Redis for the campaign, provided when a target first needs one (its nodes' adapter), stopped at the end.
    const campaignRedis = (): Promise<RedisServer> => (redis ??= provideRedis({ progress: (line) => console.error(line) }));
    const makeScenarioTarget = (dataDir: string) => makeTarget(config, { dataDir, logDir: reportDir, toxiproxyUrl: url, redis: campaignRedis });
    const probeTarget = makeScenarioTarget(path.join(workDir, 'probe'));
    const faultPlan = campaignFaultPlan(config.scenario, probeTarget);
    faultFamilies = faultPlan.families;
    const strategy = strategyByName(config.strategy);
    const strategyOptions = { ackTimeoutMs: config.ackTimeoutMs, retries: config.retries };
    const protocol = await loadProtocol(config.protocol);
    const setup: ScenarioSetup = {
      toxiproxyUrl: url,
      makeTarget: makeScenarioTarget,
      clients: config.clients,
      strategy,
      strategyOptions,
      protocol,
      // What the strategy, the protocol and the target promise decides which anomaly kinds are judged.
      unjudged: (notJudged = unjudgedIn({
        ...(config.clients > (config.browser?.clients ?? 0) ? { strategy: strategy(strategyOptions) } : {}),
        pages: (config.browser?.clients ?? 0) > 0,
        protocol,
        target: probeTarget,
        storeRead: config.store?.kind !== 'none',
      })),
      browser: config.browser,
      ...('balancer' in config.target && config.target.balancer ? { balancer: config.target.balancer } : {}),
      scoped: sharedStore(config),
      uniqueTexts: rowIdentity(config.store) === 'content',
      transport: 'websocket',
      workDir,
      finalPhase: config.finalPhase,
      signal,
      resources: shared,
    };
    const readyOptions = { clients: config.clients, auth: protocol.auth(0), warmUpMs: Math.min(config.finalPhase.connectMs, WARM_UP_MAX_MS), signal };
    // One pipeline per worker: its own target (and one started ahead), proxies and data folders.
    const runners: RunOne[] = Array.from({ length: config.replay ? 1 : config.workers }, (_, w) => {
      const ahead = startsTargetsAhead(config) ? targetsAheadOf(() => startScenarioTarget(workDir, makeScenarioTarget, signal), signal, shared, readyOptions) : undefined;
      if (ahead) targetsAhead.push(ahead);
      return scenarioRunner({ config, setup: { ...setup, ...(ahead ? aheadHooks(ahead) : {}) }, runId, reporters, progress, worker: w + 1 });
    });
    const [shrinker] = runners as [RunOne, ...RunOne[]];
    let shrunk: ShrunkPath | undefined;
    if (config.replay) {
      shrunk = await replayScenario({ ...config, replay: config.replay }, faultPlan, progress, shrinker, reporters);
    } else {
      const found = await searchScenarios(config, faultPlan, progress, runners, reporters);
      // Shrinking runs on the first worker: the others' targets started ahead are stopped.
      await Promise.all(targetsAhead.slice(1).map((ahead) => closeAhead(ahead)));
      if (progress.setupError) throw progress.setupError;
      if (found) shrunk = await shrinkFound(config, faultPlan, progress, shrinker, found, reporters);
    }
    if (progress.setupError) throw progress.setupError;
    if (progress.failure && shrunk) counterexample = await counterexampleOf(config, progress, shrinker, progress.failure, shrunk, reportDir);
    debug('campaign: %d scenarios, failed=%s, path=%s', progress.tally.figures.scenarios, progress.failure !== undefined, shrunk?.path);
  } catch (err) {
    // What an interrupt cut short (a start-up step, a target start) is not a setup failure.
    if (signal.aborted) debug('interrupted: %s', (err as Error).message);
    else progress.setupError = err instanceof Error ? err : new Error(String(err));
  } finally {
    // Scenario teardowns still under way (targets stopping, proxies parking) end before Toxiproxy stops.
    await resources?.close().catch((err: unknown) => debug('ending the scenarios\' teardowns failed: %s', (err as Error).message));
    await Promise.all(targetsAhead.map((ahead) => closeAhead(ahead)));
    await redis?.then((server) => server.stop()).catch(() => undefined);
    await toxiproxy?.stop();
    await rm(workDir, { recursive: true, force: true });
  }

  const result = summarizeCampaign({
    config,
    startedAt,
    reportDir,
    tally: progress.tally,
    interrupted: signal.aborted,
    ...(progress.setupError ? { setupError: progress.setupError } : {}),
    failed: progress.failure !== undefined,
    ...(counterexample ? { counterexample } : {}),
    ...(progress.failure ? { failureAnomalies: progress.failure.result.check.anomalies } : {}),
    faultFamilies,
    notJudged,
  });
  await report(reporters, 'onCampaignEnd', result);
  return result;
}
