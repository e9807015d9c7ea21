import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../../src/paths.js';

/** Every JSON config file under examples/ (`examples/<name>/siochaos.*.json`), as absolute paths. */
export async function exampleConfigFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(packageRoot, 'examples'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(packageRoot, 'examples', entry.name);
    for (const name of await readdir(dir)) if (/^siochaos\..*json$/.test(name)) files.push(path.join(dir, name));
  }
  return files;
}
