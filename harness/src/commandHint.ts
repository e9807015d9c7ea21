import path from 'node:path';
import { packageRoot } from './paths.js';

/**
 * Whether siochaos runs as a dependency of someone's project (its package
 * sits under a `node_modules` folder) rather than from its own repository.
 *
 * @example
 * isInstalledPackage('/app/node_modules/siochaos'); // true
 * isInstalledPackage('/work/siochaos');             // false
 */
export function isInstalledPackage(root: string = packageRoot): boolean {
  return root.split(path.sep).includes('node_modules');
}

/**
 * The command that runs `siochaos <args>` where the user is, for hints in
 * error messages: `npx siochaos <args>` (it works in a project that installed
 * siochaos and in siochaos's own repository), except `setup` in siochaos's
 * own repository, where `npm run setup` also starts what its tests need.
 *
 * @example
 * siochaosCommand('setup'); // 'npx siochaos setup' in a user's project, 'npm run setup' in the siochaos repository
 * siochaosCommand('doctor'); // 'npx siochaos doctor'
 */
export function siochaosCommand(args: string, root: string = packageRoot): string {
  if (args === 'setup' && !isInstalledPackage(root)) return 'npm run setup';
  return `npx siochaos ${args}`;
}
