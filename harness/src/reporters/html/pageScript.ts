import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** The page's entry, among the TypeScript sources. */
const PAGE_ENTRY = new URL('./page/main.ts', import.meta.url);
/** Where the build puts the bundled page, beside the compiled renderHtml.js. */
const BUILT_SCRIPT = new URL('./assets/report.js', import.meta.url);

/**
 * The report page (page/*.ts) bundled into one script for a `<script>`
 * element: what `npm run build` writes into the package's assets.
 *
 * @example
 * writeFileSync('dist/.../assets/report.js', bundlePageScript('harness/src/reporters/html/page/main.ts'));
 */
export function bundlePageScript(entry: string = fileURLToPath(PAGE_ENTRY)): string {
  const result = buildSync({ entryPoints: [entry], bundle: true, format: 'iife', target: 'es2020', platform: 'browser', write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

/**
 * The report page's script: the bundle the build wrote when siochaos runs
 * compiled, bundled now from page/*.ts when it runs from its sources (tests),
 * so that it is never older than they are.
 */
export function pageScript(): string {
  return import.meta.url.endsWith('.ts') ? bundlePageScript() : readFileSync(BUILT_SCRIPT, 'utf8');
}
