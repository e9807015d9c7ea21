/**
 * Report benchmark: renders report.html for a synthetic 10-minute campaign
 * (tens of thousands of history events), opens it in headless Chromium, and
 * prints the file's size and how long it takes to load and draw.
 *
 * Usage: node --import tsx bench/report/run.ts [--json out.json] [--messages 4000] [--runs 5] [--keep]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../harness/src/clients/browser/launchBrowser.js';
import { buildReportModel } from '../../harness/src/reporters/html/reportModel.js';
import { renderHtmlPage } from '../../harness/src/reporters/html/renderHtml.js';
import { renderJunit } from '../../harness/src/reporters/junit/renderJunit.js';
import { renderMarkdown } from '../../harness/src/reporters/markdown/renderMarkdown.js';
import { syntheticCampaign } from './synthetic.js';

/** The target: from navigation to the timeline drawn, in ms. */
const TARGET_MS = 2000;

interface Args {
  json: string | null;
  messages: number;
  runs: number;
  keep: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { json: null, messages: 4000, runs: 5, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') args.json = argv[++i] ?? '';
    else if (arg === '--messages') args.messages = Number(argv[++i]);
    else if (arg === '--runs') args.runs = Number(argv[++i]);
    else if (arg === '--keep') args.keep = true;
    else throw new Error(`unknown argument "${arg}": use --json PATH, --messages N, --runs N, --keep`);
  }
  if (args.json === '' || !Number.isInteger(args.messages) || args.messages < 100 || !Number.isInteger(args.runs) || args.runs < 1) {
    throw new Error('bad arguments: --json needs a path, --messages a whole number of at least 100, --runs at least 1');
  }
  return args;
}

/** What one page load measured, in ms from the start of navigation. */
interface LoadFigures {
  domContentLoaded: number;
  load: number;
  firstContentfulPaint: number;
  timelinePainted: number;
  /** From `page.goto` to the timeline drawn, as the harness saw it. */
  wall: number;
  /** Clicking the first anomaly until its story and the highlighted timeline are drawn. */
  selectAnomaly: number;
  domNodes: number;
  svgMarks: number;
}

async function loadOnce(browser: Browser, url: string): Promise<LoadFigures> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const started = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-rendered="true"]');
  const wall = performance.now() - started;
  const figures = await page.evaluate(() => {
    const perf = window.performance;
    const nav = perf.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = perf.getEntriesByName('first-contentful-paint')[0];
    const painted = perf.getEntriesByName('siochaos:timeline-painted')[0];
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      firstContentfulPaint: fcp ? fcp.startTime : NaN,
      timelinePainted: painted ? painted.startTime : NaN,
      domNodes: document.getElementsByTagName('*').length,
      svgMarks: document.querySelectorAll('svg.timeline .m').length,
    };
  });
  const selectAnomaly = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const row = document.querySelector('tr.anomaly-row') as HTMLElement | null;
        if (!row) return resolve(NaN);
        const t0 = window.performance.now();
        row.click();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.performance.now() - t0)));
      }),
  );
  await context.close();
  if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  return { ...figures, wall, selectAnomaly };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const campaign = syntheticCampaign({ messages: args.messages });
  const generateMs = performance.now() - t0;

  const t1 = performance.now();
  const model = buildReportModel(campaign.input);
  const modelMs = performance.now() - t1;
  const t2 = performance.now();
  const html = renderHtmlPage(model);
  const pageMs = performance.now() - t2;
  const t3 = performance.now();
  const junit = renderJunit(campaign.input);
  const markdown = renderMarkdown(campaign.input);
  const otherMs = performance.now() - t3;

  const dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-bench-report-'));
  const file = path.join(dir, 'report.html');
  await writeFile(file, html);
  const browser = await launchBrowser();
  const loads: LoadFigures[] = [];
  try {
    await loadOnce(browser, pathToFileURL(file).href); // warm-up: Chromium's own first start
    for (let i = 0; i < args.runs; i++) loads.push(await loadOnce(browser, pathToFileURL(file).href));
  } finally {
    await browser.close();
    if (!args.keep) await rm(dir, { recursive: true, force: true });
  }

  const pick = (key: keyof LoadFigures) => median(loads.map((l) => l[key]));
  const figures = {
    events: campaign.events,
    messages: campaign.messages,
    faults: campaign.faults,
    anomalies: campaign.input.results.anomalies.map((a) => a.kind),
    planted: campaign.planted,
    scenarios: campaign.input.results.scenarios?.length ?? 0,
    timelineMarks: model.timeline.marks.length,
    markableEvents: model.timeline.markableEvents,
    htmlBytes: Buffer.byteLength(html),
    junitBytes: Buffer.byteLength(junit),
    markdownBytes: Buffer.byteLength(markdown),
    generateMs: Math.round(generateMs),
    buildModelMs: Math.round(modelMs),
    renderPageMs: Math.round(pageMs),
    renderJunitAndMarkdownMs: Math.round(otherMs),
    runs: args.runs,
    browser: {
      domContentLoadedMs: Math.round(pick('domContentLoaded')),
      loadMs: Math.round(pick('load')),
      firstContentfulPaintMs: Math.round(pick('firstContentfulPaint')),
      timelinePaintedMs: Math.round(pick('timelinePainted')),
      wallMs: Math.round(pick('wall')),
      selectAnomalyMs: Math.round(pick('selectAnomaly')),
      domNodes: pick('domNodes'),
      svgMarks: pick('svgMarks'),
    },
    targetMs: TARGET_MS,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    ...(args.keep ? { file } : {}),
  };
  const b = figures.browser;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const lines = [
    `report.html for a synthetic 10-minute campaign; ${figures.machine}`,
    '',
    `history            ${figures.events.toLocaleString('en-US')} events, ${figures.messages} messages, ${figures.faults} faults, ${figures.scenarios} scenarios`,
    `anomalies          ${figures.anomalies.join(', ')} (planted: ${figures.planted.join(', ')})`,
    `timeline marks     ${figures.timelineMarks.toLocaleString('en-US')} of ${figures.markableEvents.toLocaleString('en-US')} events (sampled, anomalies whole)`,
    `file sizes         report.html ${kb(figures.htmlBytes)}, junit.xml ${kb(figures.junitBytes)}, summary.md ${kb(figures.markdownBytes)}`,
    `node               model ${figures.buildModelMs} ms, page ${figures.renderPageMs} ms, junit + markdown ${figures.renderJunitAndMarkdownMs} ms`,
    `chromium (median of ${figures.runs})`,
    `  DOMContentLoaded ${b.domContentLoadedMs} ms`,
    `  load event       ${b.loadMs} ms`,
    `  first paint      ${b.firstContentfulPaintMs} ms (first contentful paint)`,
    `  timeline painted ${b.timelinePaintedMs} ms   (target < ${TARGET_MS} ms: ${b.timelinePaintedMs < TARGET_MS ? 'met' : 'MISSED'})`,
    `  goto → drawn     ${b.wallMs} ms (as the harness saw it)`,
    `  open a story     ${b.selectAnomalyMs} ms (click → story and highlighted timeline drawn)`,
    `  DOM              ${b.domNodes.toLocaleString('en-US')} elements, ${b.svgMarks.toLocaleString('en-US')} timeline marks`,
  ];
  if (args.keep) lines.push('', `kept: ${file}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (args.json) await writeFile(args.json, JSON.stringify(figures, null, 2) + '\n');
  if (b.timelinePaintedMs >= TARGET_MS) process.exitCode = 1;
}

await main();
