import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildFailure } from 'esbuild';

/** Modules that are TypeScript, whose module type Node would take from the project's package.json. */
export const TYPESCRIPT = /\.(ts|mts|cts)$/;

/** Whether siochaos itself runs from its TypeScript sources (under tsx or vitest), which then import TypeScript too. */
const RUNNING_SOURCES = TYPESCRIPT.test(import.meta.url);

/**
 * Lets bundled CommonJS code (a helper the module imports, in a project
 * without `"type": "module"`) `require()` packages from the module's folder.
 */
const REQUIRE_BANNER = "import { createRequire as __siochaosCreateRequire } from 'node:module'; const require = __siochaosCreateRequire(import.meta.url);";

/**
 * Imports a TypeScript module without a TypeScript loader: bundled with
 * esbuild into one ES module (its local imports included, packages such as
 * `siochaos` left as imports), written beside the file so that those packages
 * resolve from the user's node_modules, imported, and removed. Whatever the
 * project's module type: Node would take a `.ts` file in a project without
 * `"type": "module"` for CommonJS and refuse its `import`/`export`.
 *
 * @throws Error with esbuild's first message, `file:line:column: text`.
 * @example
 * const { default: config } = (await importBundled('/app/siochaos.config.ts')) as { default: unknown };
 */
export async function importBundled(file: string): Promise<unknown> {
  const bundled = await build({
    entryPoints: [file],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    banner: { js: REQUIRE_BANNER },
    write: false,
    logLevel: 'silent',
  }).catch((err: BuildFailure) => {
    const first = err.errors?.[0];
    if (!first) throw err;
    const where = first.location ? `${path.relative(path.dirname(file), first.location.file) || first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
    throw new Error(`${where}${first.text}`);
  });
  const out = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.mjs`);
  await writeFile(out, bundled.outputFiles[0]!.text);
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    await rm(out, { force: true });
  }
}

/**
 * Imports a module a user names (a reporter, a protocol, a scenario file):
 * JavaScript as it is; TypeScript as it is when siochaos runs from its own
 * sources (a TypeScript loader is there), bundled by {@link importBundled}
 * when siochaos runs compiled, as an installed package does.
 *
 * @example
 * const { default: reporter } = (await importModule('/app/my-reporter.ts')) as { default: unknown };
 */
export function importModule(file: string): Promise<unknown> {
  return TYPESCRIPT.test(file) && !RUNNING_SOURCES ? importBundled(file) : import(pathToFileURL(file).href);
}
