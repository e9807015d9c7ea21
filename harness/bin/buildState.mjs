// Whether dist/ holds the compiled form of the sources: read by the CLI (cli.mjs) and the tests'
// global setup in a checkout of the repository; written by the build (harness/scripts/build.mjs).
// An installed package ships dist/ and no sources: what it has is what runs.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = path.join(PACKAGE_ROOT, 'dist');
/** Written at the end of every build: dist/ is current when it is newer than every source. */
const STAMP = path.join(DIST, '.built');
/** What the build reads: the sources it compiles and bundles, and how it compiles them. */
export const SOURCE_DIRS = ['harness/src', 'reference-server/src', 'shared', 'scenarios'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/** A checkout of the repository (the TypeScript sources are there), not an installed package. */
export function isCheckout() {
  return existsSync(path.join(PACKAGE_ROOT, 'harness', 'src', 'cli.ts'));
}

function newestMtime() {
  let newest = 0;
  const files = SOURCE_FILES.map((file) => path.join(PACKAGE_ROOT, file));
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(path.join(PACKAGE_ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(path.join(entry.parentPath ?? entry.path, entry.name));
    }
  }
  for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

/** Whether dist/ is what should run: always in an installed package; in a checkout, when built after the last change to a source. */
export function compiledIsCurrent() {
  if (!isCheckout()) return true;
  try {
    return statSync(STAMP).mtimeMs >= newestMtime();
  } catch {
    return false;
  }
}

/** Marks dist/ as built from the sources as they are now. */
export function stampBuild() {
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
