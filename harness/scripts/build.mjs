// `npm run build` (run by `prepare`, so by `npm install` and `npm ci` in a checkout, and by
// `prepack`): compiles the package into dist/ with tsc (JavaScript and .d.ts, incremental: `tsc -b`
// skips what is up to date), keeps the declarations the package's entries reach, writes the HTML
// report's assets (its page bundled by esbuild) and the reference server's one-file bundle, drops compiled files whose
// source is gone, and stamps dist/ as current
// (harness/bin/buildState.mjs). Does nothing when dist/ is already current, unless given --force.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledIsCurrent, DIST, PACKAGE_ROOT, SOURCE_DIRS, stampBuild } from '../bin/buildState.mjs';

if (compiledIsCurrent() && !process.argv.includes('--force')) process.exit(0);

const require = createRequire(import.meta.url);
const tsc = (...flags) => execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json', ...flags], { cwd: PACKAGE_ROOT, stdio: 'inherit' });

/** Every file under dist/'s copy of the source folders. */
function compiledFiles() {
  return SOURCE_DIRS.flatMap((dir) =>
    existsSync(path.join(DIST, dir))
      ? readdirSync(path.join(DIST, dir), { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
      : [],
  );
}

/** The declarations `siochaos` and `siochaos/vitest` reach, and whether they are all there. */
function publicDeclarations() {
  const reached = new Set();
  let complete = true;
  for (const queue = ['harness/src/index.d.ts', 'harness/src/vitest/index.d.ts'].map((file) => path.join(DIST, file)); queue.length > 0; ) {
    const file = queue.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    if (!existsSync(file)) {
      complete = false;
      continue;
    }
    for (const [, relative] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) {
      queue.push(path.join(path.dirname(file), `${relative}.d.ts`));
    }
  }
  return { reached, complete };
}

tsc();
let declarations = publicDeclarations();
// A declaration an entry reaches now was dropped by an earlier build (tsc -b does not emit it again): emit everything.
if (!declarations.complete) {
  tsc('--force');
  declarations = publicDeclarations();
}

for (const file of compiledFiles()) {
  const [, stem, extension] = /^(.*)\.(js|d\.ts)$/.exec(file) ?? [];
  // Compiled from a source moved or removed since, or a declaration of internals no user imports.
  const gone = stem !== undefined && !existsSync(path.join(PACKAGE_ROOT, path.relative(DIST, `${stem}.ts`)));
  if (gone || (extension === 'd.ts' && !declarations.reached.has(file))) rmSync(file);
}

// The HTML report's assets, beside the compiled renderHtml.js that reads them: its stylesheet, and
// its page (harness/src/reporters/html/page/*.ts) bundled by esbuild, sharing the report model's types.
const html = 'harness/src/reporters/html';
mkdirSync(path.join(DIST, html, 'assets'), { recursive: true });
copyFileSync(path.join(PACKAGE_ROOT, html, 'assets', 'report.css'), path.join(DIST, html, 'assets', 'report.css'));
const { bundlePageScript } = await import(pathToFileURL(path.join(DIST, html, 'pageScript.js')).href);
writeFileSync(path.join(DIST, html, 'assets', 'report.js'), bundlePageScript(path.join(PACKAGE_ROOT, html, 'page', 'main.ts')));

// The reference server as one file (what the compiled harness runs: see reference-server/src/launch.ts),
// bundled from its compiled main.js with the options of its development bundle.
const server = path.join(DIST, 'reference-server', 'src');
const { serverBundleOptions } = await import(pathToFileURL(path.join(server, 'bundleOptions.js')).href);
const { build } = await import('esbuild');
await build(serverBundleOptions(path.join(server, 'main.js'), path.join(server, 'main.bundle.mjs')));

stampBuild();
