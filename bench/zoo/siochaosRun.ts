/**
 * One siochaos campaign against one bug of the zoo, timed: how long and how
 * many scenarios until the first failure (search), then how long shrinking
 * took and how short the counterexample came out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, runCampaign, type CampaignOptions, type Reporter, type ScenarioDefinition } from '../../harness/src/index.js';
import type { ZooTarget } from './zooTarget.js';

/** What one seed of the siochaos strategy found. */
export interface SiochaosRun {
  seed: number;
  /** How many scenarios the campaign ran at once. */
  workers: number;
  detected: boolean;
  /** Wall seconds from the campaign's start to the end of the first failing scenario (search only). */
  secondsToDetect: number | null;
  /** Scenarios run up to and including the first failing one. */
  runsToDetect: number | null;
  /** Scenarios run in all while searching (when nothing was found, all of them). */
  searchRuns: number;
  /** Wall seconds spent shrinking. */
  shrinkSeconds: number | null;
  /** Whether shrinking finished within its limit (false: the counterexample is the smallest found by then). */
  shrinkComplete: boolean | null;
  /** Commands of the shrunk counterexample. */
  shrunkLength: number | null;
  /** The commands of the shrunk counterexample, as reports show them. */
  counterexample: string[] | null;
  /** How often the shrunk counterexample failed in its runs (counterexample.reproduction). */
  reproduction: { failures: number; tries: number } | null;
  /** Anomaly kinds of the counterexample (or of the first failure, if shrinking found none). */
  anomalyKinds: string[];
  /** The campaign's verdict. */
  verdict: string;
  /** Scenarios whose verdict was unknown while searching. */
  unknownRuns: number;
  error?: string;
}

/** How to run one seed. */
export interface SiochaosRunOptions {
  bug: string | null;
  seed: number;
  scenario: ScenarioDefinition;
  /** The reference target (default: one process with `bug`); see zooTarget.ts. */
  target?: ZooTarget;
  timeLimitMs: number;
  /** How long shrinking may take after the first failure; 0 stops at the first failure. */
  shrinkTimeLimitMs: number;
  /** Campaign options the benchmark fixes (strategy, ack timeout, clients...). */
  campaign: CampaignOptions;
  /** Aborting it stops the run after the scenario under way (never in the middle of one). */
  signal?: AbortSignal;
  /** Scenarios at once (default 1). */
  workers?: number;
}

/**
 * Runs one campaign and times its search and shrink phases with reporter
 * hooks. Shrinking is bounded by the campaign's own shrink limit, from the
 * first failure on: past it, candidates pass untried and fast-check ends with
 * the smallest failing scenario found so far, which the campaign then runs
 * again for its reproduction rate.
 *
 * @example
 * const run = await runSiochaosSeed({ bug: 'no-unique', seed: 1, scenario: zoo, timeLimitMs: 60_000, shrinkTimeLimitMs: 30_000, campaign: {} });
 * run.secondsToDetect; // 1.4
 */
export async function runSiochaosSeed(options: SiochaosRunOptions): Promise<SiochaosRun> {
  const reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-zoo-'));
  const stop = new AbortController();
  const marks = {
    started: 0,
    detectedAt: null as number | null,
    runsToDetect: null as number | null,
    searchRuns: 0,
    unknownRuns: 0,
    shrinkCut: false,
  };
  let firstKinds: string[] = [];
  const timing: Reporter = {
    name: 'zoo-timing',
    onCampaignStart: () => {
      marks.started = performance.now();
    },
    onScenarioEnd: (summary, result) => {
      if (options.signal?.aborted) stop.abort();
      // The campaign bounds shrinking itself (candidates past its limit pass untried), then runs the
      // counterexample again for its reproduction rate: a shrink that went on past the limit was cut.
      if (marks.detectedAt !== null && performance.now() - marks.detectedAt >= options.shrinkTimeLimitMs) marks.shrinkCut = true;
      if (summary.phase !== 'search') return;
      marks.searchRuns++;
      if (summary.verdict === 'unknown') marks.unknownRuns++;
      if (summary.verdict === 'invalid' && firstKinds.length === 0) firstKinds = [...new Set(result.check.anomalies.map((a) => a.kind))];
    },
    onShrinkStart: (summary) => {
      marks.detectedAt = performance.now();
      marks.runsToDetect = summary.index;
      if (options.shrinkTimeLimitMs <= 0) stop.abort();
    },
  };
  try {
    const config = resolveConfig({
      ...options.campaign,
      name: `zoo-${options.bug ?? 'correct'}`,
      seed: options.seed,
      timeLimitMs: options.timeLimitMs,
      shrinkTimeLimitMs: Math.max(1, options.shrinkTimeLimitMs),
      scenario: options.scenario,
      target: { kind: 'reference', ...(options.target ?? { bugs: options.bug ? [options.bug] : [] }) },
      reportsDir,
      workers: options.workers ?? 1,
    });
    const result = await runCampaign(config, { reporters: [timing], signal: stop.signal });
    const ended = performance.now();
    const { started, detectedAt, runsToDetect, searchRuns, unknownRuns } = marks;
    const counterexample = result.counterexample?.commands ?? null;
    const kinds = result.anomalies.length > 0 ? [...new Set(result.anomalies.map((a) => a.kind))] : firstKinds;
    return {
      seed: options.seed,
      workers: config.workers,
      detected: detectedAt !== null,
      secondsToDetect: detectedAt === null ? null : (detectedAt - started) / 1000,
      runsToDetect,
      searchRuns,
      shrinkSeconds: detectedAt === null ? null : (ended - detectedAt) / 1000,
      shrinkComplete: detectedAt === null ? null : !marks.shrinkCut,
      shrunkLength: counterexample?.length ?? null,
      counterexample,
      reproduction: result.counterexample?.reproduction ?? null,
      anomalyKinds: kinds,
      // An aborted shrink leaves the campaign `unknown`; it did find a failure.
      verdict: detectedAt === null ? result.verdict : 'invalid',
      unknownRuns,
      ...(result.error ? { error: result.error } : {}),
    };
  } finally {
    await rm(reportsDir, { recursive: true, force: true });
  }
}
