/**
 * The baseline strategy of the benchmark: random chaos checked once per
 * round, repeated until it finds the bug or the time is up.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  referenceServerTarget,
  resolveConfig,
  runScenario,
  strategyByName,
  tutorialProtocol,
  type CampaignOptions,
  type ScenarioSetup,
} from '../../harness/src/index.js';
import { chaosRound, type ChaosOptions } from './chaosRound.js';
import { seededRandom } from './random.js';
import type { ZooTarget } from './zooTarget.js';

/** What one seed of the baseline found. */
export interface BaselineRun {
  seed: number;
  detected: boolean;
  /** Wall seconds from the start to the end of the round whose check failed. */
  secondsToDetect: number | null;
  /** Rounds run (the detecting one included). */
  rounds: number;
  /** Anomaly kinds of the detecting round. */
  anomalyKinds: string[];
  /** What the detecting round's first anomalies were (their descriptions, at most 5). */
  anomalies?: string[];
  /** On the correct server: the JSON file keeping the detecting round's anomalies and history, to tell a server bug from a harness one. */
  evidence?: string;
  /** Rounds whose verdict was unknown. */
  unknownRounds: number;
  messagesSent: number;
  faultsInjected: number;
  error?: string;
}

/** How to run one seed of the baseline. */
export interface BaselineRunOptions {
  bug: string | null;
  seed: number;
  toxiproxyUrl: string;
  /** The reference target (default: one process with `bug`); see zooTarget.ts. With nodes, clients sit behind the load balancer, sticky. */
  target?: ZooTarget;
  timeLimitMs: number;
  /** One round's chaos (its duration included). */
  chaos: ChaosOptions;
  /** The same client settings as the siochaos campaign. */
  campaign: CampaignOptions;
  /** Aborting it stops the run after the round under way (never in the middle of one). */
  signal?: AbortSignal;
  /** Where a round that fails on the correct server (no bug) keeps its anomalies and history (default: not kept). */
  evidenceDir?: string;
}

/**
 * Runs rounds of {@link chaosRound}, each against a fresh reference server
 * (with the bug) that lives for the whole round behind Toxiproxy, checked
 * once at its end by the same final phase and checkers as a siochaos
 * scenario, until a round is invalid or the time limit has passed (a round
 * that has begun is finished).
 *
 * @example
 * const run = await runBaselineSeed({ bug: 'no-unique', seed: 1, toxiproxyUrl, timeLimitMs: 60_000, chaos, campaign: ZOO_CAMPAIGN });
 */
export async function runBaselineSeed(options: BaselineRunOptions): Promise<BaselineRun> {
  const config = resolveConfig({ ...options.campaign, seed: options.seed });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-baseline-'));
  const random = seededRandom(options.seed);
  const target = options.target ?? { bugs: options.bug ? [options.bug] : [] };
  const setup: ScenarioSetup = {
    toxiproxyUrl: options.toxiproxyUrl,
    // Nodes share a PostgreSQL table behind proxies made on Toxiproxy; Redis is provideRedis's (REDIS_URL when set).
    makeTarget: (dataDir) => referenceServerTarget({ dataDir, ...target, ...(target.nodes ? { toxiproxyUrl: options.toxiproxyUrl } : {}) }),
    clients: config.clients,
    strategy: strategyByName(config.strategy),
    strategyOptions: { ackTimeoutMs: config.ackTimeoutMs, retries: config.retries },
    protocol: tutorialProtocol,
    transport: config.transport === 'any' ? 'websocket' : config.transport,
    workDir,
    finalPhase: config.finalPhase,
    // Not the caller's signal: an interrupted round gets no final read, so its check would be meaningless.
    signal: new AbortController().signal,
  };
  const run: BaselineRun = {
    seed: options.seed,
    detected: false,
    secondsToDetect: null,
    rounds: 0,
    anomalyKinds: [],
    unknownRounds: 0,
    messagesSent: 0,
    faultsInjected: 0,
  };
  const started = performance.now();
  try {
    while (performance.now() - started < options.timeLimitMs && !options.signal?.aborted) {
      run.rounds++;
      const result = await runScenario(setup, async (world) => {
        const figures = await chaosRound(world, random, options.chaos);
        run.faultsInjected += figures.injected;
      });
      run.messagesSent += result.figures.sent;
      if (result.verdict === 'unknown') run.unknownRounds++;
      if (result.verdict === 'invalid') {
        run.detected = true;
        run.secondsToDetect = (performance.now() - started) / 1000;
        run.anomalyKinds = [...new Set(result.check.anomalies.map((a) => a.kind))];
        run.anomalies = result.check.anomalies.slice(0, 5).map((a) => a.description);
        if (options.bug === null && options.evidenceDir) {
          // The correct server must stay valid: keep what it takes to tell why it did not.
          const file = path.join(options.evidenceDir, `zoo-correct${target.nodes ? `-${target.nodes}-nodes` : ''}-baseline-seed-${options.seed}-round-${run.rounds}.json`);
          await mkdir(options.evidenceDir, { recursive: true });
          await writeFile(file, JSON.stringify({ anomalies: result.check.anomalies, history: result.history }, null, 1) + '\n');
          run.evidence = file;
        }
        break;
      }
    }
  } catch (err) {
    run.error = (err as Error).message;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return run;
}
