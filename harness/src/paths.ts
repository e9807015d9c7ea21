import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The root of the code that runs: the repository's root when siochaos runs
 * from its TypeScript sources, its `dist/` folder when it runs compiled
 * (`dist/harness/src/paths.js`). Named scenarios (`scenarios/`) sit under it.
 */
export const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The root of the siochaos package (the folder with package.json). */
export const packageRoot = path.basename(codeRoot) === 'dist' ? path.dirname(codeRoot) : codeRoot;

/**
 * The project's own tools folder, where `npm run setup` puts the Toxiproxy
 * binary it builds. `SIOCHAOS_TOOLS_DIR` overrides it.
 */
export function toolsBinDir(): string {
  return process.env.SIOCHAOS_TOOLS_DIR ?? path.join(packageRoot, '.tools', 'bin');
}
