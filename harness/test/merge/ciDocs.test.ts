/**
 * The README's sharded CI examples (GitHub Actions matrix, GitLab parallel:)
 * do what they say: actions that exist at the versions named, one artifact
 * name per shard that the download pattern matches, `run` lines that the
 * CLI's own parser reads as shard i of the matrix's size with one seed for
 * all, and `merge` lines that, run on shard folders laid out as the copy
 * steps lay them out, write the files the later steps read. No YAML parser is
 * a dependency, so the YAML is checked by its lines.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { parseRunArgs } from '../../src/cli/runArgs.js';
import { packageRoot } from '../../src/paths.js';
import { shardFolder } from './shardFixtures.js';

const SECTION = '### Sharded: four machines, one report';

/** The YAML blocks of the README's sharded-CI section. */
async function yamlBlocks(): Promise<string[]> {
  const readme = await readFile(path.join(packageRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The words of a shell line, quotes removed (the lines here quote whole words only). */
function words(line: string): string[] {
  return line.trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
}

/** The `npx siochaos …` command lines of a block, as the shell would get them. */
function siochaosLines(block: string, sub: string): string[] {
  return block
    .split('\n')
    .map((l) => l.replace(/^\s*(- )?(run: )?/, ''))
    .filter((l) => l.startsWith(`npx siochaos ${sub} `));
}

/** The actions GitHub publishes at these major versions (checked by hand: checkout v4, setup-node v4, setup-go v5, cache v4, upload/download-artifact v4). */
const ACTIONS = new Set(['actions/checkout@v4', 'actions/setup-node@v4', 'actions/setup-go@v5', 'actions/cache@v4', 'actions/upload-artifact@v4', 'actions/download-artifact@v4']);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'siochaos-ci-docs-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `npx siochaos merge …` of a README line in this process, with its relative paths under `dir`. */
async function runMergeLine(line: string, dir: string): Promise<number> {
  const args = words(line).slice(2).map((w, i, all) => (w.startsWith('shards/') || all[i - 1] === '--out' ? path.join(dir, w) : w));
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const before = new Set(process.listeners('SIGINT'));
  const beforeTerm = new Set(process.listeners('SIGTERM'));
  try {
    return await main(args);
  } finally {
    process.listeners('SIGINT').filter((l) => !before.has(l)).forEach((l) => process.off('SIGINT', l));
    process.listeners('SIGTERM').filter((l) => !beforeTerm.has(l)).forEach((l) => process.off('SIGTERM', l));
  }
}

/** Four shard folders laid out as the copy steps lay them out (`shards/shard-N`), under `dir`. */
async function downloadedShards(dir: string): Promise<void> {
  for (const i of [1, 2, 3, 4]) await shardFolder(path.join(dir, 'shards', `shard-${i}`), i, 4, 'valid');
}

describe('the README’s sharded CI examples', () => {
  it('GitHub Actions: real action versions, a matrix of 4 shards of one seed, distinct artifacts the merge job downloads and merges', async () => {
    const [github] = await yamlBlocks();
    expect(github).toBeDefined();
    const yaml = github!;
    expect(yaml).not.toMatch(/\t/);
    const uses = [...yaml.matchAll(/uses: (\S+)/g)].map((m) => m[1]!);
    expect(uses.filter((u) => !ACTIONS.has(u))).toEqual([]);
    const matrix = /shard: \[([\d, ]+)\]/.exec(yaml)![1]!.split(',').map((s) => Number(s.trim()));
    expect(matrix).toEqual([1, 2, 3, 4]);
    const [run] = siochaosLines(yaml, 'run');
    const parsed = matrix.map((shard) => parseRunArgs(words(run!.replaceAll('${{ matrix.shard }}', String(shard)).replaceAll('${{ github.run_id }}', '9123456789')).slice(2)));
    expect(parsed.map((p) => p.options.shard)).toEqual(matrix.map((index) => ({ index, count: matrix.length })));
    expect(new Set(parsed.map((p) => p.options.seed))).toEqual(new Set([9123456789]));
    // One artifact per shard, named after it; the download pattern takes them all and merges them into one folder.
    expect(yaml).toContain('name: siochaos-shard-${{ matrix.shard }}');
    expect(yaml).toMatch(/pattern: siochaos-shard-\*\n\s+path: shards\n\s+merge-multiple: true/);
    expect(yaml).toContain('cp -RL reports/latest shards/shard-${{ matrix.shard }}');
    expect(yaml).toMatch(/merge:\n\s+needs: chaos\n\s+if: \$\{\{ !cancelled\(\) \}\}/);
    const [merge] = siochaosLines(yaml, 'merge');
    const dir = path.join(root, 'github');
    await downloadedShards(dir);
    expect(await runMergeLine(merge!, dir)).toBe(0);
    // The next steps read these.
    expect(yaml).toContain('cat merged/summary.md >> "$GITHUB_STEP_SUMMARY"');
    expect(await readFile(path.join(dir, 'merged', 'summary.md'), 'utf8')).toContain('Merged from 4 of 4 shards');
  });

  it('GitLab: parallel 4 runs shard CI_NODE_INDEX of CI_NODE_TOTAL with the pipeline’s seed, and the merge job writes the JUnit file it publishes', async () => {
    const [, gitlab] = await yamlBlocks();
    expect(gitlab).toBeDefined();
    const yaml = gitlab!;
    expect(yaml).not.toMatch(/\t/);
    expect(yaml).toMatch(/parallel: 4\n/);
    const [run] = siochaosLines(yaml, 'run');
    const parsed = [1, 2, 3, 4].map((i) =>
      parseRunArgs(words(run!.replaceAll('$CI_NODE_INDEX', String(i)).replaceAll('$CI_NODE_TOTAL', '4').replaceAll('$CI_PIPELINE_ID', '77')).slice(2)),
    );
    expect(parsed.map((p) => p.options.shard)).toEqual([1, 2, 3, 4].map((index) => ({ index, count: 4 })));
    expect(new Set(parsed.map((p) => p.options.seed))).toEqual(new Set([77]));
    expect(yaml).toContain('cp -RL reports/latest "shards/shard-$CI_NODE_INDEX"');
    expect(yaml).toMatch(/needs: \[siochaos\]\n\s+when: always/);
    const [merge] = siochaosLines(yaml, 'merge');
    const dir = path.join(root, 'gitlab');
    await downloadedShards(dir);
    expect(await runMergeLine(merge!, dir)).toBe(0);
    expect(yaml).toContain('junit: merged/junit.xml');
    expect(await readFile(path.join(dir, 'merged', 'junit.xml'), 'utf8')).toContain('shard 4/4');
  });
});
