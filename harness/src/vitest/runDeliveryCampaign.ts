import { loadConfig } from '../config/loadConfigFile.js';
import { resolveConfig } from '../config/resolveConfig.js';
import type { CampaignOptions } from '../config/types.js';
import type { CampaignResult } from '../core/CampaignResult.js';
import { runCampaign } from '../core/runCampaign.js';
import { jsonReporter } from '../reporters/jsonReporter.js';
import type { Reporter } from '../core/Reporter.js';

/** A campaign for a test: a config file (optional) and options that override it. */
export interface DeliveryCampaignOptions extends CampaignOptions {
  /**
   * A config file, relative to the working directory; without one,
   * `siochaos.config.{ts,js,mjs,json}` there if it exists.
   */
  config?: string;
  /** Reporters to tell (default: the JSON reporter, so that the replay command works). */
  report?: Reporter[];
  /** Aborting it stops the campaign after the current step (verdict `unknown`). */
  signal?: AbortSignal;
}

/**
 * Runs a campaign from the config file, then the options given here on top
 * (each replaces the file's field whole: a `target` here replaces the file's
 * target, a `shrink` its shrink), resolved with the defaults.
 *
 * @example
 * const result = await runDeliveryCampaign({ config: 'examples/tutorial-chat/siochaos.config.json', seed: 1, timeLimitMs: 8000 });
 * result.verdict; // 'valid'
 */
export async function runDeliveryCampaign(options: DeliveryCampaignOptions = {}): Promise<CampaignResult> {
  const { config: file, report, signal, ...overrides } = options;
  const fromFile = await loadConfig(file, process.cwd());
  const config = resolveConfig({ ...fromFile, ...overrides });
  return runCampaign(config, { reporters: report ?? [jsonReporter()], ...(signal ? { signal } : {}) });
}
