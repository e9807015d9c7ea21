import type { BuildOptions } from 'esbuild';

/**
 * The backends only an adapter or the PostgreSQL store imports, when it is
 * used: a single SQLite node loads none of them (lazyImports.test checks it).
 */
export const LAZY_BACKENDS = [
  'ioredis',
  'pg',
  '@socket.io/redis-adapter',
  '@socket.io/redis-streams-adapter',
  '@socket.io/postgres-adapter',
  '@socket.io/cluster-adapter',
] as const;

/**
 * The packages a bundle of the reference server leaves to node_modules:
 * sqlite3 (native), the backends that only an adapter or the PostgreSQL store
 * imports (dynamic imports of an external package stay lazy; bundled, esbuild
 * would hoist their code into the bundle's start), and ws's optional native
 * helpers. Everything else (socket.io, engine.io, ws, debug, ...) is bundled:
 * one file to parse instead of some hundred CommonJS modules to find and
 * load, about half of a start's CPU.
 */
export const EXTERNAL_PACKAGES = ['sqlite3', ...LAZY_BACKENDS, 'bufferutil', 'utf-8-validate'];

/** Bundled CommonJS packages call `require` (for node: built-ins); an ES module has none of its own. */
const REQUIRE_BANNER = "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);";

/**
 * esbuild's options for one ES-module file of the reference server, from
 * `entry` (its main.ts in development, the compiled main.js when the package
 * is built) to `outfile`: the same bundle both ways.
 *
 * @example
 * await build(serverBundleOptions('dist/reference-server/src/main.js', 'dist/reference-server/src/main.bundle.mjs'));
 */
export function serverBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL_PACKAGES,
    banner: { js: REQUIRE_BANNER },
    outfile,
    logLevel: 'silent',
  };
}
