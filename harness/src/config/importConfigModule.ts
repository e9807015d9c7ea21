import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildFailure } from 'esbuild';

/** Config files that are TypeScript, whose module type Node would take from the project's package.json. */
const TYPESCRIPT = /\.(ts|mts|cts)$/;

/**
 * Lets bundled CommonJS code (a helper the config imports, in a project
 * without `"type": "module"`) `require()` packages from the config's folder.
 */
const REQUIRE_BANNER = "import { createRequire as __siochaosCreateRequire } from 'node:module'; const require = __siochaosCreateRequire(import.meta.url);";

/**
 * Imports a config module whatever the project's module type. A TypeScript
 * config is bundled with esbuild into one ES module (its local imports
 * included, packages such as `siochaos` left as imports), written beside the
 * config so that those packages resolve from the user's node_modules,
 * imported, and removed. Node would otherwise take a `siochaos.config.ts`
 * in a project without `"type": "module"` for CommonJS and refuse its
 * `import`/`export`. JavaScript configs are imported as they are: their
 * extension and package.json already say what they are.
 *
 * @returns the module's namespace (its `default` is the config).
 * @example
 * const { default: config } = (await importConfigModule('/app/siochaos.config.ts')) as { default: unknown };
 */
export async function importConfigModule(file: string): Promise<unknown> {
  if (!TYPESCRIPT.test(file)) return import(pathToFileURL(file).href);
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
