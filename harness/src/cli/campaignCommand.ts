import { resolveConfig } from '../config/resolveConfig.js';
import type { CampaignOptions } from '../config/types.js';
import { exitCodeOf } from '../core/exitCode.js';
import type { CampaignResult } from '../core/CampaignResult.js';
import { runCampaign } from '../core/runCampaign.js';
import { defaultReporterNames, resolveReporters } from '../reporters/registry.js';
import type { Reporter } from '../core/Reporter.js';

function reportersFor(names: string[] | undefined): Promise<Reporter[]> {
  return resolveReporters(names ?? [...defaultReporterNames]);
}

/**
 * Runs one campaign for the command line, stopped by `signal` (see
 * `listenForInterrupts`): interrupted, it still writes the report.
 *
 * @returns the exit code of its verdict.
 * @example
 * process.exitCode = await campaignCommand({ seed: 1 }, listenForInterrupts());
 */
export async function campaignCommand(options: CampaignOptions, signal: AbortSignal): Promise<number> {
  return exitCodeOf((await campaignCommandResult(options, signal)).verdict);
}

/**
 * {@link campaignCommand}, returning the campaign's result instead of its exit code.
 *
 * @example
 * const result = await campaignCommandResult({ seed: 1 }, listenForInterrupts());
 */
export async function campaignCommandResult(options: CampaignOptions, signal: AbortSignal): Promise<CampaignResult> {
  const config = resolveConfig(options);
  const reporters = await reportersFor(config.reporters);
  return runCampaign(config, { reporters, signal });
}
