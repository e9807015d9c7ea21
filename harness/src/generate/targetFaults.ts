import type { Fault, FaultKind } from '../faults/Fault.js';
import type { FaultFamilyPlan } from '../model/results.js';
import { faultByName, faults as registry } from '../faults/registry.js';
import type { CommandKind, ScenarioDefinition } from './ScenarioDefinition.js';
import { groupSkipped } from './skippedGroups.js';

/** The fault families, in the order reports list them. */
export const FAULT_FAMILIES: readonly FaultKind[] = ['network', 'process', 'database', 'client', 'node', 'adapter'];

/** The families only a target with several nodes can take. */
export const MULTI_NODE_FAMILIES: readonly FaultKind[] = ['node', 'adapter'];

/** What the plan needs to know of the target besides which faults it can take. */
export interface PlannedTarget {
  /** How many nodes it runs (1 for a single process). */
  nodes: number;
}

export type { FaultFamilyPlan } from '../model/results.js';

/** A scenario with its faults chosen for one target. */
export interface TargetFaultPlan {
  /** The scenario as generated: `faults` only those the target can take, `families` resolved into them. */
  scenario: ScenarioDefinition;
  /** Every family the scenario asked for (by `families` or by a fault it lists), in {@link FAULT_FAMILIES} order. */
  families: FaultFamilyPlan[];
  /** How many nodes the target runs: node faults and `move` draw among them. */
  nodes: number;
}

/** Why `fault` cannot act on the campaign's target, or undefined when it can. */
export type FaultSupport = (fault: Fault) => string | undefined;

/** The command kinds that draw a fault, and which fault, when it is fixed. */
const FAULT_COMMANDS: readonly { kind: CommandKind; fault?: string }[] = [
  { kind: 'inject' },
  { kind: 'emit-during' },
  { kind: 'crash-at-emit', fault: 'crash-at' },
];

/** The faults a scenario asks for: those it lists, then every fault of its families, in registry order. */
function wantedFaults(scenario: ScenarioDefinition): string[] {
  const wanted = [...(scenario.faults ?? [])];
  for (const family of scenario.families ?? []) {
    for (const fault of Object.values(registry) as Fault[]) if (fault.kind === family && !wanted.includes(fault.name)) wanted.push(fault.name);
  }
  return wanted;
}

/**
 * The scenario as a target with `nodes` nodes sees it: on a single node, the
 * multi-node families of a scenario that has other faults to draw are left
 * out (its report reads as it did before they existed), and `move` is never
 * drawn. A scenario of multi-node families alone keeps them, so that the plan
 * says why the target can take none of them.
 */
function forNodes(scenario: ScenarioDefinition, nodes: number): ScenarioDefinition {
  if (nodes >= 2) return scenario;
  const families = scenario.families ?? [];
  const kept = families.filter((family) => !MULTI_NODE_FAMILIES.includes(family));
  const hasOthers = kept.length > 0 || (scenario.faults?.length ?? 0) > 0;
  const weights = scenario.weights.move ? { ...scenario.weights, move: 0 } : scenario.weights;
  return { ...scenario, weights, ...(hasOthers && kept.length < families.length ? { families: kept } : {}) };
}

/**
 * Chooses a scenario's faults for the campaign's target: every fault it lists
 * and every fault of its `families` that the target can take (the database
 * faults of its kind of store, process faults only where siochaos owns the
 * process, `crash-at` only where there are failpoints, node and adapter faults
 * only where it runs several nodes). Faults the target cannot take are left
 * out of generation and listed, with why; command kinds left with nothing to
 * draw (`inject` without faults, `crash-at-emit` without failpoints, `move`
 * on a single node) get weight 0.
 *
 * @throws Error when the scenario draws faults and the target can take none of them.
 * @example
 * const plan = planTargetFaults(await loadScenario('db-stall'), (fault) => fault.unavailableReason?.({ target, clients: [] }), { nodes: 1 });
 * plan.scenario.faults; // ['db-latency', 'db-timeout', 'db-reset-peer', 'db-down'] for a PostgreSQL target
 */
export function planTargetFaults(named: ScenarioDefinition, support: FaultSupport, target: PlannedTarget = { nodes: 1 }): TargetFaultPlan {
  const scenario = forNodes(named, target.nodes);
  const byFamily = new Map<FaultKind, FaultFamilyPlan>();
  const planOf = (family: FaultKind): FaultFamilyPlan => {
    const plan = byFamily.get(family) ?? { family, drawn: [], skipped: [] };
    byFamily.set(family, plan);
    return plan;
  };
  for (const family of scenario.families ?? []) planOf(family);
  const drawn: string[] = [];
  const decide = (name: string): boolean => {
    const fault = faultByName(name);
    const plan = planOf(fault.kind);
    const reason = support(fault);
    if (reason) {
      if (!plan.skipped.some((s) => s.fault === name)) plan.skipped.push({ fault: name, reason });
      return false;
    }
    if (!plan.drawn.includes(name)) plan.drawn.push(name);
    return true;
  };
  for (const name of wantedFaults(scenario)) if (decide(name)) drawn.push(name);
  const faultWeights = Object.fromEntries(Object.entries(scenario.faultWeights ?? {}).filter(([name]) => drawn.includes(name)));
  const weights = { ...scenario.weights };
  const anyDrawn = drawn.some((name) => (faultWeights[name] ?? 1) > 0);
  const askedForFaults = FAULT_COMMANDS.some(({ kind }) => (scenario.weights[kind] ?? 0) > 0);
  for (const { kind, fault } of FAULT_COMMANDS) {
    if ((weights[kind] ?? 0) === 0) continue;
    if (fault ? !decide(fault) : !anyDrawn) weights[kind] = 0;
  }
  const families = FAULT_FAMILIES.filter((family) => byFamily.has(family)).map((family) => byFamily.get(family)!);
  if (askedForFaults && !FAULT_COMMANDS.some(({ kind }) => (weights[kind] ?? 0) > 0)) {
    const reasons = groupSkipped(families.flatMap((f) => f.skipped)).map((g) => `${g.faults.join(', ')}: ${g.reason}`);
    throw new Error(`scenario ${scenario.name} draws faults, but this target can take none of them (${reasons.join('; ')}): choose a scenario whose faults it can take, or a target that can take these`);
  }
  const rest: ScenarioDefinition = { ...scenario };
  delete rest.families;
  return {
    scenario: { ...rest, weights, ...(scenario.faults || scenario.families ? { faults: drawn } : {}), ...(scenario.faultWeights ? { faultWeights } : {}) },
    families,
    nodes: target.nodes,
  };
}
