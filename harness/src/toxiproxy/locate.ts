import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { toolsBinDir } from '../paths.js';
import { TOXIPROXY_BINARY } from './version.js';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds `toxiproxy-server`: first on PATH, then in the project's tools folder.
 *
 * @returns the binary's path, or undefined when there is none.
 * @example
 * const binary = locateToxiproxy(); // '/work/siochaos/.tools/bin/toxiproxy-server'
 */
export function locateToxiproxy(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  dirs.push(toolsBinDir());
  for (const dir of dirs) {
    const candidate = path.join(dir, TOXIPROXY_BINARY);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}
