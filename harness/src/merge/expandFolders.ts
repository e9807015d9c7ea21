import { readdir } from 'node:fs/promises';
import path from 'node:path';

const WILDCARD = /[*?]/;

function segmentPattern(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

async function directoriesMatching(dir: string, pattern: RegExp): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.') && pattern.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

async function expandOne(arg: string): Promise<string[]> {
  if (!WILDCARD.test(arg)) return [arg];
  const absolute = path.isAbsolute(arg);
  const segments = arg.split(/[\\/]+/).filter((s, i) => s !== '' || i === 0);
  let found = [absolute ? path.sep : '.'];
  for (const segment of segments) {
    if (segment === '') continue;
    const next: string[] = [];
    for (const dir of found) {
      if (WILDCARD.test(segment)) next.push(...(await directoriesMatching(dir, segmentPattern(segment))));
      else next.push(path.join(dir, segment));
    }
    found = next;
  }
  return found;
}

/**
 * The folders a command line names: each argument as given, or, when it holds
 * `*` or `?` (a glob the shell did not expand, as in `'shards/*'`), the
 * folders it matches, sorted. A glob that matches nothing gives nothing.
 *
 * @example
 * await expandFolders(['shards/*']); // ['shards/shard-1', 'shards/shard-2', …]
 */
export async function expandFolders(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) out.push(...(await expandOne(arg)));
  return out;
}
