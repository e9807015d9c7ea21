import path from 'node:path';
import { importModule } from '../importModule.js';
import type { Reporter } from '../core/Reporter.js';

const HOOKS = ['onCampaignStart', 'onScenarioStart', 'onScenarioEnd', 'onShrinkStart', 'onWorkerIdle', 'onCampaignEnd'] as const;

function asReporter(value: unknown, file: string): Reporter {
  if (!value || typeof value !== 'object') {
    throw new Error(`reporter module ${file} gave ${value === null ? 'null' : typeof value}: export default a Reporter ({ name: 'mine', onCampaignEnd(result) { … } }) or a function that returns one`);
  }
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.name !== 'string' || !candidate.name) {
    throw new Error(`reporter module ${file} gave a reporter without a name: give it one, for example { name: 'slack', … }`);
  }
  for (const hook of HOOKS) {
    if (candidate[hook] !== undefined && typeof candidate[hook] !== 'function') {
      throw new Error(`reporter ${candidate.name} from ${file}: ${hook} must be a function`);
    }
  }
  if (!HOOKS.some((hook) => typeof candidate[hook] === 'function')) {
    throw new Error(`reporter ${candidate.name} from ${file} has no hooks: give it one of ${HOOKS.join(', ')}`);
  }
  return value as Reporter;
}

/**
 * Loads a user's reporter module. Its default export is a Reporter, or a
 * function (sync or async) that returns one; a relative path is resolved from
 * `cwd`. A TypeScript module is bundled with esbuild first when siochaos runs compiled.
 *
 * @throws Error saying what the module lacks and what to export.
 * @example
 * // my-reporter.js: export default { name: 'count', onScenarioEnd() { n++; } };
 * const reporter = await loadReporterModule('./my-reporter.js');
 */
export async function loadReporterModule(file: string, cwd = process.cwd()): Promise<Reporter> {
  const absolute = path.resolve(cwd, file);
  let mod: { default?: unknown };
  try {
    mod = (await importModule(absolute)) as { default?: unknown };
  } catch (err) {
    throw new Error(`cannot load reporter module ${absolute}: ${(err as Error).message}`);
  }
  if (mod.default === undefined) {
    throw new Error(`reporter module ${absolute} has no default export: export default a Reporter or a function that returns one`);
  }
  const value = typeof mod.default === 'function' ? await (mod.default as () => unknown)() : mod.default;
  return asReporter(value, absolute);
}
