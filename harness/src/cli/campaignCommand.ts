import { resolveConfig } from '../config/resolveConfig.js';
import type { CampaignOptions } from '../config/types.js';
import { exitCodeOf } from '../core/exitCode.js';
import type { CampaignResult } from '../core/CampaignResult.js';
import { runCampaign } from '../core/runCampaign.js';
import { defaultReporterNames, resolveReporters } from '../reporters/registry.js';
import type { Reporter } from '../reporters/Reporter.js';

let interrupted = false;

/** Whether Ctrl-C (or SIGTERM) was pressed during a campaign of this process. */
export function wasInterrupted(): boolean {
  return interrupted;
}

function reportersFor(names: string[] | undefined): Promise<Reporter[]> {
  return resolveReporters(names ?? [...defaultReporterNames]);
}

/**
 * Runs one campaign for the command line: the first SIGINT/SIGTERM stops it
 * after the current step and still writes the report; a second exits at once.
 *
 * @returns the exit code of its verdict.
 * @example
 * process.exitCode = await campaignCommand({ seed: 1 });
 */
export async function campaignCommand(options: CampaignOptions): Promise<number> {
  return exitCodeOf((await campaignCommandResult(options)).verdict);
}

/**
 * {@link campaignCommand}, returning the campaign's result instead of its exit code.
 *
 * @example
 * const result = await campaignCommandResult({ seed: 1 });
 */
export async function campaignCommandResult(options: CampaignOptions): Promise<CampaignResult> {
  const config = resolveConfig(options);
  const reporters = await reportersFor(config.reporters);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    interrupted = true;
    if (interrupts === 1) {
      console.error(`\n${signal}: stopping after the current step and writing the report (again to stop at once)`);
      controller.abort();
    } else {
      process.exit(2);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runCampaign(config, { reporters, signal: controller.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
