import { findOnPath } from '../util/findOnPath.js';
import { toolsBinDir } from '../paths.js';
import { TOXIPROXY_BINARY } from './version.js';

/**
 * Finds `toxiproxy-server`: first on PATH, then in the project's tools folder.
 *
 * @returns the binary's path, or undefined when there is none.
 * @example
 * const binary = locateToxiproxy(); // '/work/siochaos/.tools/bin/toxiproxy-server'
 */
export function locateToxiproxy(): string | undefined {
  return findOnPath([TOXIPROXY_BINARY], [toolsBinDir()]);
}
