import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeReports } from '../../src/merge/mergeReports.js';
import { renderReport } from '../../src/reporters/renderReport.js';
import { launchChromium, openReport } from '../reporters/browser.js';
import { shardFolder } from './shardFixtures.js';

let browser: Browser;
let root: string;

beforeAll(async () => {
  [browser, root] = await Promise.all([launchChromium(), mkdtemp(path.join(os.tmpdir(), 'siochaos-merged-page-'))]);
});

afterAll(async () => {
  await browser?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('report.html of a merged report', () => {
  it('warns of the missing shard, shows the failing shard’s timeline, and links to each shard’s own report', async () => {
    const dirs = [
      await shardFolder(path.join(root, 's1'), 1, 4, 'valid'),
      await shardFolder(path.join(root, 's2'), 2, 4, 'invalid'),
      await shardFolder(path.join(root, 's4'), 4, 4, 'valid'),
    ];
    for (const dir of dirs) await renderReport(dir);
    const merged = await mergeReports(dirs, { out: path.join(root, 'merged') });
    const { page, errors, requests } = await openReport(browser, merged.files.html);
    try {
      expect(await page.locator('#missing-shards').textContent()).toContain('Shard 3/4 is missing');
      const rows = page.locator('#shards tbody tr');
      expect(await rows.count()).toBe(4);
      expect(await rows.nth(2).textContent()).toContain('missing');
      expect(await rows.nth(1).locator('code').textContent()).toBe(`npx siochaos replay ${path.join(merged.dir, 'shards', 'shard-2-of-4')}`);
      // The timeline is shard 2's counterexample: its three clients' lanes.
      expect(await page.locator('svg.timeline .lane-label').allTextContents()).toEqual(expect.arrayContaining(['c0', 'c1', 'c2']));
      expect(await page.locator('#counterexample').count()).toBe(1);
      await rows.nth(1).locator('a').click();
      await page.waitForSelector('body[data-rendered="true"]');
      expect(page.url()).toMatch(/shards\/shard-2-of-4\/report\.html$/);
      expect(await page.locator('#shards').count()).toBe(0);
      expect(await page.locator('#counterexample').count()).toBe(1);
      expect(errors).toEqual([]);
      expect(requests.filter((r) => !r.endsWith('/shards/shard-2-of-4/report.html'))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
