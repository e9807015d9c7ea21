import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The root of the siochaos package (the folder with package.json). */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The project's own tools folder, where `npm run setup` puts the Toxiproxy
 * binary it builds. `SIOCHAOS_TOOLS_DIR` overrides it.
 */
export function toolsBinDir(): string {
  return process.env.SIOCHAOS_TOOLS_DIR ?? path.join(packageRoot, '.tools', 'bin');
}
