import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverBundleOptions } from './bundleOptions.js';

const SRC_DIR = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE_ROOT = path.resolve(SRC_DIR, '..', '..');

/**
 * Where the bundled server goes: inside the package, so that its dependencies
 * resolve from node_modules, and named after the sources it is built from:
 * worktrees of this repository share .tools, and one tree's fresh bundle must
 * never run another tree's server.
 */
export const BUNDLE_PATH = path.join(
  PACKAGE_ROOT,
  '.tools',
  'reference-server',
  `main-${createHash('sha256').update(SRC_DIR).digest('hex').slice(0, 12)}.mjs`,
);

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The packages installed: the bundle holds most of them, so a new install makes it stale too. */
const LOCKFILE = path.join(PACKAGE_ROOT, 'package-lock.json');

function bundleIsFresh(): boolean {
  try {
    const lockfile = statSync(LOCKFILE, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    return statSync(BUNDLE_PATH).mtimeMs >= Math.max(newestSourceMtime(SRC_DIR), lockfile);
  } catch {
    return false;
  }
}

let ready: Promise<string | undefined> | undefined;

/**
 * For development only: the reference server bundled into one JavaScript file
 * with esbuild, rebuilt when a source file is newer. The harness uses it when
 * it runs from its TypeScript sources (tests, benches); compiled, as in the
 * package, it runs the bundle `npm run build` made of the compiled main.js
 * (main.bundle.mjs) and never loads this file. Plain `node` starts it in about 0.1 s instead of
 * about 0.6 s through tsx (see `EXTERNAL_PACKAGES` in bundleOptions.ts for what it holds), and every scenario starts a server, so this is most
 * of a short scenario's cost. Built once per process, written atomically (two
 * test workers may build at once).
 *
 * @returns the bundle's path, or undefined when it cannot be built (the caller then runs the sources through tsx).
 * @example
 * const bundle = await referenceServerBundle(); // '/…/.tools/reference-server/main-3f2a9c0d1e4b.mjs'
 */
export function referenceServerBundle(): Promise<string | undefined> {
  ready ??= (async () => {
    if (bundleIsFresh()) return BUNDLE_PATH;
    try {
      const { build } = await import('esbuild');
      mkdirSync(path.dirname(BUNDLE_PATH), { recursive: true });
      const temporary = `${BUNDLE_PATH}.${process.pid}.tmp`;
      await build(serverBundleOptions(path.join(SRC_DIR, 'main.ts'), temporary));
      renameSync(temporary, BUNDLE_PATH);
      return BUNDLE_PATH;
    } catch {
      return undefined;
    }
  })();
  return ready;
}
