/** Runs one cell of the soak to its quota of scenarios, seed after seed. */
import { jsonReporter, loadScenario, resolveConfig, runCampaign, type CampaignResult } from '../../harness/src/index.js';
import type { SoakCell } from './matrix.js';

/** One campaign of a cell, as the soak keeps it. */
export interface SoakCampaign {
  seed: number;
  verdict: CampaignResult['verdict'];
  scenarios: number;
  /** Anomaly kinds of the failing scenario (none when valid). */
  kinds: string[];
  /** Whether those were all kinds the strategy does not promise to avoid. */
  notPromised: boolean;
  unknowns: { index: number; reason: string }[];
  error?: string;
  /** The report folder (kept for campaigns that were not valid). */
  reportDir: string;
}

/** What one cell found. */
export interface SoakCellResult {
  target: string;
  scenario: string;
  strategy: string;
  quota: number;
  scenarios: number;
  /** Campaigns invalid with an anomaly the strategy promises to avoid, against a correct server. */
  falseAlarms: number;
  /** Campaigns invalid only with kinds the strategy does not promise (ack-retry's `reordered`). */
  notPromised: number;
  unknownScenarios: number;
  /** Campaigns that could not run (setup failed). */
  errors: number;
  campaigns: SoakCampaign[];
  seconds: number;
}

/** Where the soak's campaigns go, and when to stop starting new ones. */
export interface SoakCellOptions {
  reportsDir: string;
  /** Epoch ms after which no new campaign starts. */
  deadline: number;
  /** Seeds of a cell start here and count up. */
  firstSeed: number;
  signal: AbortSignal;
  progress(line: string): void;
}

/**
 * Runs campaigns of the cell's target, scenario and strategy until it ran its
 * quota of scenarios (seeds count up from `firstSeed`; a campaign ends at its
 * first invalid scenario, unshrunk, and the next seed goes on), the deadline
 * passes, or the signal aborts. Reports go to `reportsDir` (JSON only).
 *
 * @example
 * const result = await runSoakCell(cells[0], { reportsDir, deadline: Infinity, firstSeed: 1, signal, progress: console.error });
 */
export async function runSoakCell(cell: SoakCell, options: SoakCellOptions): Promise<SoakCellResult> {
  const started = Date.now();
  const scenario = await loadScenario(cell.scenario);
  const base = await cell.target.options();
  const result: SoakCellResult = {
    target: cell.target.name,
    scenario: cell.scenario,
    strategy: cell.strategy.name,
    quota: cell.quota,
    scenarios: 0,
    falseAlarms: 0,
    notPromised: 0,
    unknownScenarios: 0,
    errors: 0,
    campaigns: [],
    seconds: 0,
  };
  let emptyCampaigns = 0;
  for (let seed = options.firstSeed; result.scenarios < cell.quota && Date.now() < options.deadline && !options.signal.aborted; seed++) {
    const config = resolveConfig({
      ...base,
      name: `soak-${cell.target.name}-${cell.scenario}-${cell.strategy.name}`,
      scenario,
      strategy: cell.strategy.name,
      retries: Infinity,
      seed,
      runs: cell.quota - result.scenarios,
      // At most an hour a campaign: a timer of Infinity would fire at once.
      timeLimitMs: Math.max(1000, Math.min(options.deadline - Date.now(), 3_600_000)),
      // No shrinking: the soak counts what it finds; the report keeps the failing scenario's history.
      shrinkTimeLimitMs: 1,
      reporters: ['json'],
      reportsDir: options.reportsDir,
    });
    const campaign = await runCampaign(config, { reporters: [jsonReporter()], signal: options.signal });
    const kinds = [...new Set(campaign.anomalies.map((a) => a.kind))];
    const notPromised = campaign.verdict === 'invalid' && kinds.every((k) => cell.strategy.notPromised.includes(k));
    result.campaigns.push({
      seed,
      verdict: campaign.verdict,
      scenarios: campaign.figures.scenarios,
      kinds,
      notPromised,
      unknowns: campaign.unknowns,
      ...(campaign.error ? { error: campaign.error } : {}),
      reportDir: campaign.reportDir,
    });
    result.scenarios += campaign.figures.scenarios;
    result.unknownScenarios += campaign.figures.unknown;
    if (campaign.error) result.errors++;
    if (campaign.verdict === 'invalid') {
      if (notPromised) result.notPromised++;
      else result.falseAlarms++;
    }
    options.progress(
      `  ${cell.target.name} ${cell.scenario} ${cell.strategy.name} seed ${seed}: ${campaign.verdict}, ${campaign.figures.scenarios} scenarios` +
        (kinds.length ? ` (${kinds.join(', ')}${notPromised ? ': not promised' : ': FALSE ALARM'})` : '') +
        (campaign.error ? ` [error: ${campaign.error}]` : '') +
        (campaign.unknowns.length ? ` [${campaign.unknowns.length} unknown: ${campaign.unknowns[0]!.reason}]` : ''),
    );
    // A setup that fails before any scenario (a target that cannot take the scenario's faults) fails every seed alike.
    if (campaign.error && campaign.figures.scenarios === 0) break;
    // A seed whose scenarios were all empty: try a few more, but do not loop for ever.
    emptyCampaigns = campaign.figures.scenarios === 0 ? emptyCampaigns + 1 : 0;
    if (emptyCampaigns >= 3) break;
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
