import { pathToFileURL } from 'node:url';
import { importBundled, TYPESCRIPT } from '../importModule.js';

/**
 * Imports a config module whatever the project's module type. A TypeScript
 * config is always bundled ({@link importBundled}), even under a TypeScript
 * loader: Node would otherwise take a `siochaos.config.ts` in a project
 * without `"type": "module"` for CommonJS and refuse its `import`/`export`.
 * JavaScript configs are imported as they are: their extension and
 * package.json already say what they are.
 *
 * @returns the module's namespace (its `default` is the config).
 * @example
 * const { default: config } = (await importConfigModule('/app/siochaos.config.ts')) as { default: unknown };
 */
export async function importConfigModule(file: string): Promise<unknown> {
  if (!TYPESCRIPT.test(file)) return import(pathToFileURL(file).href);
  return importBundled(file);
}
