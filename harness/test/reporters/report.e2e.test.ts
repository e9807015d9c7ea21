import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { XMLParser } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignResult } from '../../src/core/CampaignResult.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import { parseJsonl } from '../../src/history/jsonl.js';
import { packageRoot } from '../../src/paths.js';
import { consoleReporter } from '../../src/reporters/consoleReporter.js';
import { renderHtmlReport } from '../../src/reporters/html/renderHtml.js';
import { readReportFolder } from '../../src/reporters/readReportFolder.js';
import { defaultReporterNames, reportersByName } from '../../src/reporters/registry.js';
import { renderReport } from '../../src/reporters/renderReport.js';
import type { Reporter } from '../../src/core/Reporter.js';
import type { ResultsFile } from '../../src/reporters/resultsFile.js';
import { launchChromium, openReport } from './browser.js';
import { resultsFor, validHistory, XSS, xssHistory } from './fixtures.js';

const outputDir = path.join(packageRoot, 'test-output');
let reportsDir: string;
let browser: Browser;
let result: CampaignResult;
let results: ResultsFile;
let consoleLines: string[];

/** Every built-in reporter, the console one writing into `lines`. */
function allReporters(lines: string[]): Reporter[] {
  return reportersByName([...defaultReporterNames], {
    console: () => consoleReporter({ stream: { write: (chunk) => lines.push(chunk) }, env: {} }),
  });
}

beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-reports-'));
  await mkdir(outputDir, { recursive: true });
  consoleLines = [];
  const [launched, campaign] = await Promise.all([
    launchChromium(),
    runCampaign(
      resolveConfig({ seed: 1, timeLimitMs: 20_000, target: { kind: 'reference', bugs: ['no-unique'] }, reportsDir, name: 'reporttest' }),
      { reporters: allReporters(consoleLines) },
    ),
  ]);
  browser = launched;
  result = campaign;
  results = JSON.parse(await readFile(path.join(result.reportDir, 'results.json'), 'utf8')) as ResultsFile;
}, 150_000);

afterAll(async () => {
  await browser?.close();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe('a real failing campaign (reference server without UNIQUE, seed 1)', () => {
  it('fails with a duplicated message and writes every report file', async () => {
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => a.kind)).toContain('duplicated');
    for (const file of ['results.json', 'history.jsonl', 'report.html', 'junit.xml', 'summary.md']) {
      expect((await readFile(path.join(result.reportDir, file), 'utf8')).length, file).toBeGreaterThan(0);
    }
    expect(results.scenarios?.length).toBe(result.figures.scenarios);
    const printed = consoleLines.join('');
    expect(printed).toContain('verdict: invalid: 1 message was stored more than once.');
    expect(printed).toContain(`report: ${path.join(result.reportDir, 'report.html')}`);
    expect(printed).not.toContain('\r');
  });

  it('results.json and every history line are valid against the schemas', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const schema = JSON.parse(await readFile(path.join(packageRoot, 'harness/schema/results.schema.json'), 'utf8'));
    const eventSchema = JSON.parse(await readFile(path.join(packageRoot, 'harness/schema/history-event.schema.json'), 'utf8'));
    const validate = ajv.compile(schema);
    const valid = validate(results);
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
    // Unlimited retries (Infinity) is null in JSON, and the schema says so.
    expect(results.config.retries).toBeNull();
    const validateEvent = ajv.compile(eventSchema);
    const history = parseJsonl(await readFile(path.join(result.reportDir, results.historyFile), 'utf8'));
    expect(history.length).toBe(results.counterexample!.result.events);
    for (const [i, event] of history.entries()) {
      expect(validateEvent(event), `history line ${i + 1}: ${ajv.errorsText(validateEvent.errors)}`).toBe(true);
    }
    // The anomalies' events point into that history.
    for (const a of results.anomalies) for (const i of a.events) expect(i).toBeLessThan(history.length);
    // And the schema is not a rubber stamp.
    expect(validate({ ...results, version: 2 })).toBe(false);
    expect(validate({ ...results, verdict: 'maybe' })).toBe(false);
    expect(validate({ ...results, config: { ...results.config, retries: -1 } })).toBe(false);
  });

  it('junit.xml has a suite for the campaign, a case per search scenario, and the anomaly as a failure', async () => {
    const xml = await readFile(path.join(result.reportDir, 'junit.xml'), 'utf8');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase', 'property', 'failure', 'error'].includes(name) }).parse(xml);
    const suites = parsed.testsuites;
    expect(suites).toBeDefined();
    expect(suites.testsuite).toHaveLength(1);
    const suite = suites.testsuite[0];
    const search = results.scenarios!.filter((s) => s.phase === 'search');
    expect(suite['@name']).toBe('siochaos: reporttest');
    expect(suite.testcase).toHaveLength(search.length);
    expect(Number(suite['@tests'])).toBe(search.length);
    expect(Number(suites['@tests'])).toBe(search.length);
    expect(Number(suite['@failures'])).toBe(search.filter((s) => s.verdict === 'invalid').length);
    expect(Number(suite['@errors'])).toBe(0);
    expect(Number(suite['@time'])).toBeGreaterThan(0);
    expect(suite['@timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    for (const [i, testcase] of suite.testcase.entries()) {
      expect(testcase['@name']).toBe(`scenario ${search[i]!.index}`);
      expect(testcase['@classname']).toBe('siochaos.reporttest');
      expect(Number(testcase['@time'])).toBeGreaterThanOrEqual(0);
    }
    const failing = suite.testcase.filter((t: { failure?: unknown[] }) => t.failure);
    expect(failing).toHaveLength(1);
    const failure = failing[0].failure[0];
    expect(failure['@type']).toContain('duplicated');
    expect(failure['@message']).toMatch(/stored more than once/);
    expect(failure['#text']).toContain(result.anomalies[0]!.description);
    expect(failure['#text']).toContain(result.counterexample!.replayCommand);
    const properties = Object.fromEntries(suite.properties.property.map((p: Record<string, string>) => [p['@name'], p['@value']]));
    expect(properties).toMatchObject({ seed: '1', verdict: 'invalid', bugs: 'no-unique' });
  });

  it('summary.md says the verdict, lists the anomalies and the steps, and how to replay', async () => {
    const md = await readFile(path.join(result.reportDir, 'summary.md'), 'utf8');
    expect(md).toContain('**1 message was stored more than once.**');
    expect(md).toContain('| 1 | duplicated | stored-at-most-once | c0 |');
    result.counterexample!.commands.forEach((_, i) => expect(md).toContain(`\n${i + 1}. \``));
    expect(md).toContain('```sh\n' + result.counterexample!.replayCommand + '\n```');
    const f = result.figures;
    expect(md).toContain(`| ${f.scenarios} | ${f.valid} | ${f.invalid} | ${f.unknown} | ${f.shrinkRuns} | ${f.messagesSent} | ${f.messagesAcked} | ${f.messagesStored} | ${f.retries} |`);
    // Message text never turns into HTML on GitHub: outside code, markup is escaped.
    const outsideCode = md.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    expect(outsideCode).not.toMatch(/<img/);
    expect(outsideCode).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('report.html shows a person the verdict, the anomaly, its story and the timeline with its faults', async () => {
    const { page, errors, dialogs, requests } = await openReport(browser, path.join(result.reportDir, 'report.html'));
    try {
      await expect.poll(() => page.textContent('#verdict')).toBe('1 message was stored more than once.');
      expect(await page.textContent('#seed')).toBe('1');
      const rows = page.locator('tr.anomaly-row');
      expect(await rows.count()).toBe(result.anomalies.length);
      expect(await rows.first().textContent()).toContain('duplicated');
      expect(await page.locator('.story').count()).toBe(0);

      // The timeline: a lane per client, the server and the database; the faults as bands.
      const lanes = await page.locator('svg.timeline .lane-label').allTextContents();
      expect(lanes).toEqual(['c0', 'c1', 'c2', 'server', 'database']);
      const history = parseJsonl(await readFile(path.join(result.reportDir, 'history.jsonl'), 'utf8'));
      const faultLanes = history.flatMap((e) => (e.type === 'fault-start' ? (e.clients.length ? e.clients : ['server']) : []));
      expect(faultLanes.length).toBeGreaterThan(0);
      expect(await page.locator('svg.timeline rect.band').count()).toBe(faultLanes.length);
      expect(await page.locator('svg.timeline .m.hl').count()).toBeGreaterThan(0);
      // The counterexample's steps are numbered on it (steps too close to tell apart share a marker: "1–2").
      const numbered = (await page.locator('svg.timeline .cmd text').allTextContents()).flatMap((label) => {
        const [from, to = from] = label.split('\u2013').map(Number);
        return Array.from({ length: to! - from! + 1 }, (_, k) => from! + k);
      });
      expect(numbered).toEqual(result.counterexample!.commands.map((_, i) => i + 1));

      // Clicking the anomaly tells the story of its message.
      await rows.first().click();
      const story = page.locator('.story');
      await story.waitFor({ state: 'visible' });
      const anomaly = result.anomalies[0]!;
      const msg = anomaly.msgs[0]!;
      const client = anomaly.client!;
      const text = (await story.textContent()) ?? '';
      expect(text).toContain(`The story of ${msg}`);
      expect(text).toContain(`${client} sent ${msg}`);
      expect(text).toMatch(new RegExp(`${client} re-sent ${msg} \\(attempt \\d\\)`));
      expect(text).toContain(`the server acknowledged ${msg}`);
      for (const offset of anomaly.offsets) {
        expect(text).toContain(`the final read found ${msg} stored at offset ${offset}`);
        expect(text).toContain(`received ${msg} (offset ${offset})`);
      }
      expect(await rows.first().getAttribute('aria-expanded')).toBe('true');
      expect(await page.locator('svg.timeline.has-sel .m.sel').count()).toBeGreaterThanOrEqual(result.anomalies[0]!.events.length);

      // The counterexample as numbered steps, and the replay command.
      expect(await page.locator('ol.cx-steps li').allTextContents()).toEqual(result.counterexample!.commands);
      expect(await page.textContent('#replay-command')).toBe(result.counterexample!.replayCommand);
      expect(await page.locator('#chart-latency circle').count()).toBeGreaterThan(0);
      expect(await page.locator('#chart-recovery rect.bar').count()).toBeGreaterThan(0);

      await page.screenshot({ path: path.join(outputDir, 'report-real.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('renderReport renders the same files again from the folder alone', async () => {
    const before = await readFile(path.join(result.reportDir, 'junit.xml'), 'utf8');
    const files = await renderReport(result.reportDir);
    expect(await readFile(files.junit, 'utf8')).toBe(before);
    const html = await readFile(files.html, 'utf8');
    expect(html).toContain('1 message was stored more than once.');
  });
});

describe('message text is data, never markup', () => {
  it('shows markup in messages as text, and no script from the data runs', async () => {
    const input = resultsFor(xssHistory());
    expect(input.results.anomalies.map((a) => a.kind).sort()).toEqual(['duplicated', 'lost']);
    const html = renderHtmlReport(input);
    // Nothing of the data is markup in the file: the only <script> elements are ours.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).toContain('\\u003cimg src=x onerror=alert(1)\\u003e');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-xss-'));
    const file = path.join(dir, 'report.html');
    await writeFile(file, html);
    const { page, errors, dialogs, requests } = await openReport(browser, file);
    try {
      // Open every story, then the first again.
      for (const row of await page.locator('tr.anomaly-row').all()) await row.click();
      await page.locator('tr.anomaly-row').first().click();
      await page.waitForTimeout(200);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed').length)).toBe(0);
      expect(await page.evaluate(() => document.scripts.length)).toBe(2);
      const text = await page.evaluate(() => document.body.innerText);
      for (const payload of [XSS.img, XSS.closeScript]) expect(text).toContain(payload);
      expect(await page.getByText(`c0 sent c0-1 ${JSON.stringify(XSS.img)} (attempt 1)`).count()).toBe(1);
      await page.screenshot({ path: path.join(outputDir, 'report-xss.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await page.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a campaign that could not start', () => {
  it('says why in words, with no history, no scenarios and no script errors', async () => {
    const setup = resultsFor(validHistory(), { verdict: 'unknown', error: 'toxiproxy-server not found: run `npm run setup` or set TOXIPROXY_URL' });
    const input = { results: { ...setup.results, scenarios: [], figures: { ...setup.results.figures, scenarios: 0, valid: 0 } }, history: [] };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-setup-'));
    const file = path.join(dir, 'report.html');
    await writeFile(file, renderHtmlReport(input));
    const { page, errors } = await openReport(browser, file);
    try {
      expect(await page.textContent('#verdict')).toBe('Could not decide: toxiproxy-server not found: run `npm run setup` or set TOXIPROXY_URL.');
      expect(await page.locator('.badge').textContent()).toBe('unknown');
      expect(await page.locator('#timeline').textContent()).toContain('No history was written for this campaign.');
      expect(await page.locator('tr.anomaly-row').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('an interrupted campaign', () => {
  it('still writes results.json and a report.html that says it could not decide', async () => {
    const controller = new AbortController();
    const stopAfterFirst: Reporter = { name: 'stop', onScenarioEnd: () => controller.abort() };
    const interrupted = await runCampaign(
      resolveConfig({ seed: 7, timeLimitMs: 20_000, reportsDir, name: 'interrupted' }),
      { reporters: [...reportersByName(['json', 'html', 'junit', 'markdown']), stopAfterFirst], signal: controller.signal },
    );
    expect(interrupted.verdict).toBe('unknown');
    expect(interrupted.interrupted).toBe(true);
    const { results: written } = await readReportFolder(interrupted.reportDir);
    expect(written.verdict).toBe('unknown');
    expect(written.interrupted).toBe(true);
    const junit = await readFile(path.join(interrupted.reportDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<error message="Could not decide: the campaign was interrupted after \d+ scenarios?/);
    const { page, errors } = await openReport(browser, path.join(interrupted.reportDir, 'report.html'));
    try {
      expect(await page.textContent('#verdict')).toMatch(/^Could not decide: the campaign was interrupted after \d+ scenarios?/);
      expect(await page.locator('.callout').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Interrupted.')]));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
