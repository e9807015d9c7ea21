import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../src/paths.js';

const exec = promisify(execFile);

/** The environment without what the surrounding npm and vitest set, so that the commands run as a user's would. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const own = Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') && !key.startsWith('VITEST') && !['NODE_OPTIONS', 'FORCE_COLOR'].includes(key));
  return { ...Object.fromEntries(own), DEBUG: '', NO_COLOR: '1', ...extra };
}

/**
 * Packs this repository with `npm pack` (what the registry would serve) into `dir`.
 *
 * @returns the tarball's path.
 */
export async function packSiochaos(dir: string): Promise<string> {
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: packageRoot, env: userEnv() });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  return path.join(dir, filename);
}

/** Where Node would find package `name` when `from` (a package's folder) imports it: `node_modules` folders upwards. */
function packageDir(from: string, name: string): string | undefined {
  for (let dir = from; dir.startsWith(packageRoot); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/**
 * The packages `npm install siochaos` would bring: siochaos's `dependencies`
 * (and the optional ones present, such as esbuild's binary) and theirs, as
 * this repository's node_modules holds them; top-level folders only, nested
 * ones come inside their parents. No devDependencies.
 */
function productionPackages(): string[] {
  const modules = path.join(packageRoot, 'node_modules');
  const top = new Set<string>();
  const seen = new Set<string>();
  const queue = [packageRoot];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const found = packageDir(dir, name);
      if (!found) continue; // an optional dependency for another platform
      if (!path.relative(modules, found).includes('node_modules')) top.add(name);
      queue.push(found);
    }
  }
  return [...top];
}

async function link(project: string, name: string): Promise<void> {
  const at = path.join(project, 'node_modules', name);
  await mkdir(path.dirname(at), { recursive: true });
  await symlink(path.join(packageRoot, 'node_modules', name), at);
}

/**
 * A fresh project as a user would have it after `npm install --save-dev
 * siochaos vitest`: the packed tarball unpacked into node_modules/siochaos
 * with its bin linked, siochaos's production dependencies and vitest laid
 * out beside it, hoisted as npm lays them out. The dependencies are links
 * into this repository's node_modules instead of downloads (the same
 * versions, and sqlite3 already built): only what the package needs at run
 * time is there, so a file missing from the tarball or a dependency used but
 * not declared fails here as it would for the user. The project holds the
 * Socket.IO tutorial's chat (examples/tutorial-chat) under `server/`, an ES
 * module folder of its own, so it runs whatever the project's module type.
 *
 * @returns the project's folder.
 */
export async function installedProject(root: string, name: string, tarball: string, type: 'commonjs' | 'module'): Promise<string> {
  const project = path.join(root, name);
  const modules = path.join(project, 'node_modules');
  await mkdir(path.join(modules, 'siochaos'), { recursive: true });
  // No "type" at all for CommonJS: Node's default, as in a fresh `npm init` project.
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, ...(type === 'module' ? { type } : {}) }, null, 2));
  await exec('tar', ['xzf', tarball, '-C', path.join(modules, 'siochaos'), '--strip-components=1']);
  for (const dependency of [...productionPackages(), 'vitest']) await link(project, dependency);
  await mkdir(path.join(modules, '.bin'));
  await symlink('../siochaos/harness/bin/siochaos.mjs', path.join(modules, '.bin', 'siochaos'));
  await symlink('../vitest/vitest.mjs', path.join(modules, '.bin', 'vitest'));
  const example = path.join(packageRoot, 'examples', 'tutorial-chat');
  await mkdir(path.join(project, 'server'));
  for (const file of await readdir(example)) if (/\.(js|html)$/.test(file)) await cp(path.join(example, file), path.join(project, 'server', file));
  await writeFile(path.join(project, 'server', 'package.json'), JSON.stringify({ type: 'module' }));
  return project;
}
