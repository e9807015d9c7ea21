import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importModule } from '../importModule.js';
import { SetupError } from '../errors/SetupError.js';
import type { FaultKind } from '../faults/Fault.js';
import { faultByName, faults } from '../faults/registry.js';
import { codeRoot } from '../paths.js';
import { COMMAND_KINDS, type ScenarioDefinition } from './ScenarioDefinition.js';
import { FAULT_FAMILIES } from './targetFaults.js';

/** The folder of the named scenarios that ship with siochaos: TypeScript in the repository, compiled JavaScript in the package. */
export const SCENARIOS_DIR = path.join(codeRoot, 'scenarios');
/** The extension of the scenario modules in {@link SCENARIOS_DIR}: `.ts` or `.js`, as this file's own. */
const MODULE_EXTENSION = path.extname(fileURLToPath(import.meta.url));

/**
 * The names of the scenarios that ship with siochaos.
 *
 * @example
 * builtinScenarioNames(); // ['ack-lost', 'db-stall', 'everything', ...]
 */
export function builtinScenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((file) => file.endsWith(MODULE_EXTENSION) && !file.endsWith(`.test${MODULE_EXTENSION}`) && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -MODULE_EXTENSION.length))
    .sort();
}

/**
 * Checks a scenario definition: known command kinds, known faults, weights
 * (of commands and of faults) that are whole numbers.
 *
 * @throws SetupError naming the scenario and what is wrong.
 * @example
 * validateScenario(definition);
 */
export function validateScenario(definition: ScenarioDefinition): ScenarioDefinition {
  if (!definition || typeof definition.name !== 'string' || typeof definition.weights !== 'object') {
    throw new SetupError('a scenario must be an object with a name and weights (see scenarios/mid-emit-cut.ts)');
  }
  for (const [kind, weight] of Object.entries(definition.weights)) {
    if (!(COMMAND_KINDS as readonly string[]).includes(kind)) {
      throw new SetupError(`scenario ${definition.name}: unknown command kind "${kind}": use ${COMMAND_KINDS.join(', ')}`);
    }
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0) {
      throw new SetupError(`scenario ${definition.name}: weight of ${kind} must be a whole number ≥ 0, got ${JSON.stringify(weight)}`);
    }
  }
  for (const fault of definition.faults ?? []) {
    try {
      faultByName(fault);
    } catch (err) {
      throw new SetupError(`scenario ${definition.name}: ${(err as Error).message}`);
    }
  }
  for (const family of definition.families ?? []) {
    if (!FAULT_FAMILIES.includes(family)) {
      throw new SetupError(`scenario ${definition.name}: unknown fault family "${family}": use ${FAULT_FAMILIES.join(', ')}`);
    }
  }
  const familyOf = (fault: string) => (faults as Record<string, { kind: FaultKind } | undefined>)[fault]?.kind;
  for (const [fault, weight] of Object.entries(definition.faultWeights ?? {})) {
    const family = familyOf(fault);
    if (!definition.faults?.includes(fault) && !(family && definition.families?.includes(family))) {
      throw new SetupError(`scenario ${definition.name}: faultWeights names ${fault}, which is not in faults (nor in its families): add it to faults or remove its weight`);
    }
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0) {
      throw new SetupError(`scenario ${definition.name}: fault weight of ${fault} must be a whole number ≥ 0, got ${JSON.stringify(weight)}`);
    }
  }
  for (const kind of ['inject', 'emit-during'] as const) {
    if ((definition.weights[kind] ?? 0) > 0 && !definition.families?.length && !definition.faults?.some((f) => (definition.faultWeights?.[f] ?? 1) > 0)) {
      throw new SetupError(`scenario ${definition.name} weighs "${kind}" but lists no faults to draw: add faults: ['latency', ...] or families: ['network', ...]`);
    }
  }
  return definition;
}

/**
 * Loads a scenario by name (one of `scenarios/`) or by the path of a file
 * whose default export is a scenario definition.
 *
 * @throws SetupError listing the named scenarios when there is no such scenario.
 * @example
 * const scenario = await loadScenario('mid-emit-cut');
 */
export async function loadScenario(nameOrPath: string): Promise<ScenarioDefinition> {
  const builtin = path.join(SCENARIOS_DIR, `${nameOrPath}${MODULE_EXTENSION}`);
  const file = /^[\w-]+$/.test(nameOrPath) && existsSync(builtin) ? builtin : path.resolve(nameOrPath);
  if (!existsSync(file)) {
    throw new SetupError(`no scenario "${nameOrPath}": use one of ${builtinScenarioNames().join(', ')}, or the path of a scenario file`);
  }
  let loaded: { default?: ScenarioDefinition };
  try {
    loaded = (await importModule(file)) as { default?: ScenarioDefinition };
  } catch (err) {
    throw new SetupError(`cannot load scenario ${file}: ${(err as Error).message}`);
  }
  if (!loaded.default) throw new SetupError(`scenario file ${file} has no default export: export default defineScenario({ ... })`);
  return validateScenario(loaded.default);
}
