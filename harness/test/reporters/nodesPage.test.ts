import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { renderHtmlReport } from '../../src/reporters/html/renderHtml.js';
import { launchChromium, openReport, type OpenedReport } from './browser.js';
import { multiNodeHistory, resultsFor, validHistory } from './fixtures.js';
import type { History } from '../../src/history/events.js';

const outputDir = path.join(packageRoot, 'test-output');
let browser: Browser;
let dir: string;

beforeAll(async () => {
  [browser, dir] = await Promise.all([launchChromium(), mkdtemp(path.join(os.tmpdir(), 'siochaos-nodes-'))]);
  await mkdir(outputDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(name: string, history: History): Promise<OpenedReport> {
  const file = path.join(dir, `${name}.html`);
  await writeFile(file, renderHtmlReport(resultsFor(history)));
  return openReport(browser, file);
}

describe('report.html of a multi-node scenario', () => {
  it('draws a lane per node and the adapter, outages, faults as bands, the node of each connection, moves and figures per node', async () => {
    const { page, errors, requests } = await open('nodes', multiNodeHistory());
    try {
      expect(await page.locator('svg.timeline .lane-label').allTextContents()).toEqual(['c0', 'c1', 'c2', 'server', 'n0', 'n1', 'n2', 'adapter', 'database']);
      // n1 killed, n0 exited, n2 paused.
      expect(await page.locator('svg.timeline rect.outage-down').count()).toBe(2);
      expect(await page.locator('svg.timeline rect.outage-paused').count()).toBe(1);
      // node-crash on n1, adapter-partition on the adapter and on n2, adapter-down, node-pause on n2.
      expect(await page.locator('svg.timeline rect.band').count()).toBe(5);
      // Named with their node (adapter-down, 100 ms, is too narrow for its name at this width).
      expect(await page.locator('svg.timeline .band-label').allTextContents()).toEqual(['node-crash n1', 'adapter-partition n2', 'adapter-partition n2', 'node-pause n2']);
      expect(await page.locator('svg.timeline text.crash').count()).toBe(1);
      expect(await page.locator('svg.timeline rect.band-node').count()).toBe(2);
      expect(await page.locator('svg.timeline rect.band-adapter').count()).toBe(3);
      // Every connection under its client's lane, named by the node that served it, in its colour.
      expect(await page.locator('svg.timeline rect.conn').count()).toBe(7);
      expect(await page.locator('svg.timeline text.conn-label').allTextContents()).toEqual(['n0', 'n1', 'n1', 'n0', 'n2', 'n0', 'n0']);
      const fills = await page.locator('svg.timeline rect.conn').evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')));
      expect(new Set(fills).size).toBe(3);
      expect(fills[0]).toBe(fills[3]);
      // Where the balancer moved c1 and c2, with the move in words.
      const moves = page.locator('svg.timeline .m-moved');
      expect(await moves.count()).toBe(2);
      const tips: string[] = [];
      for (const move of await moves.all()) {
        await move.hover();
        await expect.poll(() => page.locator('.tip').textContent()).toContain(' moved from n1 to ');
        tips.push((await page.locator('.tip .tip-head').textContent())!);
      }
      expect(tips.sort()).toEqual(['c1 moved from n1 to n0 (n1 is down)', 'c2 moved from n1 to n2 (n1 is down)']);
      // n1's outage lies under its node-crash band; n0's (it died on its own) under no band.
      await page.locator('svg.timeline rect.outage-down').last().hover();
      await expect.poll(() => page.locator('.tip .tip-head').textContent()).toBe('n0 down (it died on its own)');
      // Figures per node.
      const rows = await page.locator('#node-figures tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent!.trim()).join(' ')));
      expect(rows).toEqual([
        'n0 4 2 3 8 0 1 1× for 200 ms 2',
        'n1 2 0 1 4 2 0 1× for 600 ms 0',
        'n2 1 1 1 3 0 1 1× for 150 ms 1',
      ]);
      expect(await page.locator('#timeline .legend').textContent()).toContain('served by n2');
      const campaign = await page.locator('#campaign-node-figures tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent!.trim()).join(' ')));
      expect(campaign).toEqual(['n0 1 4 2 3', 'n1 1 2 0 1', 'n2 1 1 1 1']);
      // The duplicated message's story: the node of each attempt, the move, the node it connected to.
      await page.locator('tr.anomaly-row', { hasText: 'duplicated' }).click();
      const story = page.locator('.story');
      await story.waitFor({ state: 'visible' });
      expect(await story.locator('dl.facts').textContent()).toContain('Sent throughn1 (attempt 1), n0 (attempt 2)');
      expect(await story.textContent()).toContain('c1 moved from n1 to n0 (n1 is down)');
      expect(await story.textContent()).toContain('c1 connected to n0 over websocket');
      await page.screenshot({ path: path.join(outputDir, 'report-nodes.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('draws no node lanes, connections or node figures for a single node', async () => {
    const { page, errors } = await open('single', validHistory());
    try {
      expect(await page.locator('svg.timeline .lane-label').allTextContents()).toEqual(['c0', 'c1', 'server', 'database']);
      expect(await page.locator('svg.timeline rect.outage, svg.timeline rect.conn, svg.timeline .m-moved').count()).toBe(0);
      expect(await page.locator('#nodes, #campaign-node-figures').count()).toBe(0);
      expect(await page.locator('#timeline .legend').textContent()).not.toContain('served by');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
