import type { TransportMode } from '../model/transport.js';
import type { Anomaly } from '../checkers/Checker.js';
import type { CampaignConfig } from '../config/types.js';
import type { FaultFamilyPlan } from '../generate/targetFaults.js';
import type { Unjudged } from '../model/promises.js';
import { rowIdentity } from '../stores/rowIdentity.js';
import { RESULTS_VERSION, type CampaignFigures, type CampaignResult, type Counterexample, type ScenarioSummary } from './CampaignResult.js';
import { compareReplay } from './compareReplay.js';
import { configDigest } from './configDigest.js';
import { sharedStore } from './makeTarget.js';
import type { ScenarioResult } from './runScenario.js';
import { campaignPhases } from './campaignPhases.js';
import type { ScenarioPhases } from './phaseClock.js';

/** What a campaign counts as its scenarios run: figures, the unknown ones and the faults skipped. */
export interface CampaignTally {
  figures: CampaignFigures;
  unknowns: { index: number; reason: string }[];
  /** Skipped faults by their note, with how often. */
  skipped: Map<string, { fault: string; reason: string; count: number }>;
  /** Where each scenario's time went, in the order they ran (for the medians of `figures.phasesMs`). */
  phases: ScenarioPhases[];
}

/** A tally before the first scenario. */
export function emptyTally(): CampaignTally {
  return {
    figures: {
      scenarios: 0, valid: 0, invalid: 0, unknown: 0, shrinkRuns: 0,
      messagesSent: 0, messagesAcked: 0, messagesStored: 0, retries: 0, faultsInjected: {},
    },
    unknowns: [],
    skipped: new Map(),
    phases: [],
  };
}

/** The commands a scenario ran, from its history's `command` events. */
function commandsOf(result: ScenarioResult): string[] {
  const commands: string[] = [];
  for (const event of result.history) if (event.type === 'command') commands.push(event.text);
  return commands;
}

/**
 * One scenario as the campaign keeps it: its index (the search's scenario N
 * is fast-check path N - 1; shrink runs are numbered after), its phase, the
 * worker that ran it (when there were several), verdict and figures.
 */
export function summarizeScenario(
  index: number,
  phase: ScenarioSummary['phase'],
  transport: TransportMode,
  result: ScenarioResult,
  worker?: number,
): ScenarioSummary {
  return {
    index,
    phase,
    ...(worker !== undefined ? { worker } : {}),
    transport,
    verdict: result.verdict,
    durationMs: result.durationMs,
    commands: commandsOf(result),
    anomalies: result.check.anomalies.length,
    figures: result.figures,
    ...(result.error ? { error: result.error } : {}),
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

/**
 * Counts one scenario in the tally: its figures, the faults it skipped, and
 * why it was unknown if it was.
 */
export function tallyScenario(tally: CampaignTally, summary: ScenarioSummary, result: ScenarioResult): void {
  addFigures(tally.figures, summary, result);
  if (result.figures.phasesMs) tally.phases.push(result.figures.phasesMs);
  for (const event of result.history) {
    if (event.type !== 'fault-skipped') continue;
    const key = `${event.fault}\u0000${event.reason}`;
    const entry = tally.skipped.get(key) ?? { fault: event.fault, reason: event.reason, count: 0 };
    entry.count++;
    tally.skipped.set(key, entry);
  }
  if (summary.verdict === 'unknown') {
    tally.unknowns.push({ index: summary.index, reason: result.error ?? (result.check.notes.join('; ') || 'interrupted') });
  }
}

/** How a campaign ended, as {@link summarizeCampaign} turns it into its result. */
export interface CampaignEnd {
  config: CampaignConfig;
  startedAt: Date;
  reportDir: string;
  tally: CampaignTally;
  interrupted: boolean;
  /** Why the campaign could not decide, if it could not. */
  setupError?: Error;
  /** Whether a scenario failed (the search found an `invalid` one). */
  failed: boolean;
  counterexample?: Counterexample;
  /** The anomalies of the smallest failure when there is no counterexample. */
  failureAnomalies?: Anomaly[];
  faultFamilies: FaultFamilyPlan[];
  /** The anomaly kinds the campaign's promises ruled out, and why (see `unjudgedIn`). */
  notJudged?: readonly Unjudged[];
}

/**
 * The campaign's result: its verdict (unknown when set-up failed or it was
 * interrupted, invalid when a scenario failed, unknown when one was, else
 * valid), figures, counterexample and, for a replay, the comparison with what
 * it replays.
 *
 * @example
 * const result = summarizeCampaign({ config, startedAt, reportDir, tally, interrupted: false, failed: false, faultFamilies: [] });
 * result.verdict; // 'valid' when every scenario was
 */
export function summarizeCampaign(end: CampaignEnd): CampaignResult {
  const { config, startedAt, tally, setupError, interrupted, counterexample } = end;
  const verdict = setupError || interrupted ? 'unknown' : end.failed ? 'invalid' : tally.figures.unknown > 0 ? 'unknown' : 'valid';
  const anomalies = counterexample?.result.check.anomalies ?? end.failureAnomalies ?? [];
  const expected = config.replay?.expected;
  const phases = campaignPhases(tally.phases);
  return {
    version: RESULTS_VERSION,
    verdict,
    seed: config.seed,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    interrupted,
    ...(setupError ? { error: setupError.message } : {}),
    config,
    configDigest: configDigest(config),
    ...(config.shard ? { shard: config.shard } : {}),
    figures: { ...tally.figures, ...(phases ? { phasesMs: phases } : {}) },
    ...(counterexample ? { counterexample } : {}),
    anomalies,
    unknowns: tally.unknowns,
    rowsMatchedBy: rowIdentity(config.store),
    storeScope: sharedStore(config) ? 'own-messages' : 'whole',
    skippedFaults: [...tally.skipped.values()],
    faultFamilies: end.faultFamilies,
    ...(end.notJudged?.length ? { notJudged: [...end.notJudged] } : {}),
    reportDir: end.reportDir,
    ...(expected?.length ? { replay: compareReplay(expected, verdict, anomalies) } : {}),
  };
}
