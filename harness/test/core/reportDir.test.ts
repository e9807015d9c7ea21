import { mkdtemp, readlink, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeReportDir } from '../../src/core/reportDir.js';

describe('makeReportDir', () => {
  let reportsDir: string;
  beforeEach(async () => {
    reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-reportdir-'));
  });
  afterEach(async () => {
    await rm(reportsDir, { recursive: true, force: true });
  });

  it('makes a folder per campaign start, one more when two start in the same millisecond, and points latest at the last', async () => {
    const now = new Date('2026-12-07T02:40:00.000Z');
    const first = await makeReportDir(reportsDir, 'default', now);
    const second = await makeReportDir(reportsDir, 'default', now);
    expect(path.basename(first)).toBe('2026-12-07T02-40-00-000Z');
    expect(path.basename(second)).toBe('2026-12-07T02-40-00-000Z-2');
    expect(await readlink(path.join(reportsDir, 'latest'))).toBe(path.join('default', '2026-12-07T02-40-00-000Z-2'));
  });

  it('survives campaigns that start at once in one reports folder (shards or workers on one machine)', async () => {
    // Before, each removed `latest` and made it again: the second symlink() of a pair failed with EEXIST.
    const dirs = await Promise.all(Array.from({ length: 24 }, (_, i) => makeReportDir(reportsDir, `shard-${i % 4}`)));
    expect(new Set(dirs).size).toBe(24);
    const latest = await readlink(path.join(reportsDir, 'latest'));
    expect(dirs.map((dir) => path.relative(reportsDir, dir))).toContain(latest);
    expect((await stat(path.join(reportsDir, 'latest'))).isDirectory()).toBe(true);
  });

  it('replaces a latest that is a real folder (left by an old tool or a copy)', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(reportsDir, 'latest'));
    await writeFile(path.join(reportsDir, 'latest', 'results.json'), '{}');
    const dir = await makeReportDir(reportsDir, 'default');
    expect(await readlink(path.join(reportsDir, 'latest'))).toBe(path.relative(reportsDir, dir));
  });
});
