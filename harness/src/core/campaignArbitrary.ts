import type fc from 'fast-check';
import type { CampaignConfig } from '../config/types.js';
import { generatedScenario, type GeneratedScenario } from '../generate/arbitraries.js';
import type { TargetFaultPlan } from '../generate/targetFaults.js';

/**
 * The arbitrary of a campaign's scenarios: its clients, commands, faults (as
 * chosen for its target), transport and texts, and a replay's record of which
 * commands ran. Each call makes a new one (a command list arbitrary keeps the
 * state of the shrink it walks).
 *
 * @example
 * const arbitrary = campaignArbitrary(config, faultPlan);
 */
export function campaignArbitrary(config: CampaignConfig, plan: Pick<TargetFaultPlan, 'scenario' | 'nodes'>): fc.Arbitrary<GeneratedScenario> {
  return generatedScenario({
    clients: config.clients,
    maxCommands: config.maxCommands,
    scenario: plan.scenario,
    nodes: plan.nodes,
    transport: config.transport,
    texts: config.texts,
    pages: config.browser?.clients ?? 0,
    ...(config.replay ? { replayPath: config.replay.commandsPath } : {}),
  });
}

/** Whether a scenario has no command: it would cost a target start and a final phase to find nothing. */
export function isEmptyScenario(scenario: GeneratedScenario): boolean {
  return scenario.commands[Symbol.iterator]().next().done === true;
}
