import type { CampaignConfig } from '../config/types.js';
import type { CampaignResult, ScenarioSummary } from './CampaignResult.js';
import type { ScenarioResult } from './runScenario.js';

/**
 * A reporter: optional async hooks the campaign calls through one fan-out.
 * The contract sits with the campaign that calls it (reporters/ holds the
 * implementations and their registry), so core/ never imports reporters/.
 *
 * @example
 * const counting: Reporter = { name: 'count', onScenarioEnd: () => { n++; } };
 */
export interface Reporter {
  readonly name: string;
  onCampaignStart?(config: CampaignConfig, reportDir: string): void | Promise<void>;
  onScenarioEnd?(summary: ScenarioSummary, result: ScenarioResult): void | Promise<void>;
  onShrinkStart?(summary: ScenarioSummary): void | Promise<void>;
  onCampaignEnd?(result: CampaignResult): void | Promise<void>;
}

type HookName = Exclude<keyof Reporter, 'name'>;
type HookArgs<H extends HookName> = Parameters<NonNullable<Reporter[H]>>;

/**
 * Calls one hook on every reporter that has it, in order. A reporter that
 * throws does not stop the others; its error is returned.
 *
 * @example
 * await report(reporters, 'onCampaignEnd', result);
 */
export async function report<H extends HookName>(reporters: readonly Reporter[], hook: H, ...args: HookArgs<H>): Promise<Error[]> {
  const errors: Error[] = [];
  for (const reporter of reporters) {
    const fn = reporter[hook] as ((...a: HookArgs<H>) => void | Promise<void>) | undefined;
    if (!fn) continue;
    try {
      await fn.apply(reporter, args);
    } catch (err) {
      errors.push(new Error(`reporter ${reporter.name} failed in ${hook}: ${(err as Error).message}`));
    }
  }
  return errors;
}
