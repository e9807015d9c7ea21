import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Whether `file` exists and may be executed by this process.
 *
 * @example
 * isExecutable('/usr/bin/env'); // true
 */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the first of `names` that is an executable file in one of the
 * folders of `PATH` (each name tried in every folder before the next name),
 * then in `extraDirs`.
 *
 * @returns its absolute path, or undefined when there is none.
 * @example
 * findOnPath(['chromium', 'google-chrome']); // '/usr/bin/chromium'
 */
export function findOnPath(names: readonly string[], extraDirs: readonly string[] = [], pathVariable = process.env.PATH): string | undefined {
  const dirs = [...(pathVariable ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.resolve(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}
