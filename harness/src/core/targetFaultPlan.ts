import { SetupError } from '../errors/SetupError.js';
import type { ScenarioDefinition } from '../generate/ScenarioDefinition.js';
import { planTargetFaults, type TargetFaultPlan } from '../generate/targetFaults.js';
import type { Target } from '../target/Target.js';

/**
 * Chooses the faults a campaign's scenarios draw from what its target can
 * take, asking each fault about a target made (not started) for the purpose:
 * its process, failpoints, store and nodes are known before it runs.
 *
 * @throws SetupError when the scenario draws faults and the target can take none of them.
 * @example
 * const plan = campaignFaultPlan(config.scenario, makeTarget(config, place));
 */
export function campaignFaultPlan(scenario: ScenarioDefinition, probe: Target): TargetFaultPlan {
  try {
    return planTargetFaults(scenario, (fault) => fault.unavailableReason?.({ target: probe, clients: [] }), { nodes: probe.nodes?.length ?? 1 });
  } catch (err) {
    throw new SetupError((err as Error).message);
  }
}
