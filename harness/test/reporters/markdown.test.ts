import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mdBlock, mdCode, mdText } from '../../src/reporters/markdown/escape.js';
import { appendStepSummary, markdownReporter } from '../../src/reporters/markdown/markdownReporter.js';
import { renderMarkdown } from '../../src/reporters/markdown/renderMarkdown.js';
import { buildReportModel } from '../../src/reporters/html/reportModel.js';
import { campaignPhases } from '../../src/core/campaignPhases.js';
import { noPhases } from '../../src/core/phaseClock.js';
import { campaignFor, resultsFor, validHistory, XSS, xssHistory } from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-md-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderMarkdown', () => {
  it('says the verdict, lists the anomalies, the steps, the replay command and the figures', () => {
    const md = renderMarkdown(resultsFor(xssHistory()));
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ siochaos: Anomalies found (campaign `fixture`)');
    expect(md).toContain('**1 message was lost: acknowledged by the server but never stored; 1 message was stored more than once.**');
    expect(md).toContain('Ran 1 scenario; the failure shrank to 2 steps. Seed `42`.');
    expect(lines.filter((l) => /^\| [12] \| [a-z]/.test(l))).toEqual([
      '| 1 | lost | stored-at-least-once | c0 | c0-1 ("&lt;img src=x onerror=alert(1)&gt;") was acknowledged by the server at 60 ms but never stored |',
      '| 2 | duplicated | stored-at-most-once | c1 | c1-1 ("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;") was stored 2 times, at offsets 1, 2 |',
    ]);
    expect(md).toContain('### Shrunk counterexample (2 steps)');
    expect(md).toContain(`1. \`Emit(c0, ${JSON.stringify(XSS.img)})\``);
    expect(md).toContain('```sh\nnpx siochaos replay reports/fixture/x\n```');
    expect(md).toContain('| 1 | 0 | 1 | 0 | 0 | 3 | 3 | 3 | 1 |');
    expect(md).toContain('Faults injected: 1 (limit-data 1).');
    expect(md).toContain('Full report: `report.html`');
  });

  it("says where the scenarios' time went, in one line under the figures", () => {
    const median = { ...noPhases(), target: 40, proxies: 5, connect: 30, commands: 400, catchUp: 160 };
    const phasesMs = campaignPhases([median])!;
    const md = renderMarkdown(resultsFor(validHistory(), { figures: { ...campaignFor(validHistory()).result.figures, phasesMs } }));
    expect(md).toContain('Time: median scenario: target 40 ms · proxies 5 ms · connect 30 ms · commands 400 ms · catchUp 160 ms; overhead (all but its commands) 37% of 0.6 s.');
    expect(renderMarkdown(resultsFor(validHistory()))).not.toContain('Time: median scenario');
  });

  it('says there were no anomalies, and how many scenarios and messages were checked', () => {
    const md = renderMarkdown(resultsFor(validHistory()));
    expect(md.split('\n')[0]).toBe('## ✅ siochaos: No anomalies (campaign `fixture`)');
    expect(md).toContain('**No anomalies in 1 scenario (2 messages checked).**');
    expect(md).not.toContain('| # | Kind');
    expect(md).not.toContain('Shrunk counterexample');
  });

  it('lists the fault families that ran on this target and the faults skipped, with why', () => {
    const faultFamilies = [
      { family: 'process' as const, drawn: ['crash'], skipped: [{ fault: 'crash-at', reason: 'needs failpoints' }] },
      { family: 'database' as const, drawn: [], skipped: [{ fault: 'sqlite-stall', reason: 'needs a SQLite store' }] },
    ];
    const md = renderMarkdown(resultsFor(validHistory(), { faultFamilies }));
    expect(md).toContain('**Fault families** (chosen for this target):\n\n- process: ran crash\n  - skipped crash-at: needs failpoints\n- database: skipped (the target can take none of them)\n  - skipped sqlite-stall: needs a SQLite store\n');
  });
});

describe('a store without client offsets', () => {
  it('says rows were matched by content in the Markdown summary and the HTML report, and not otherwise', () => {
    const line = 'rows matched to messages by content: the store keeps no client offset';
    expect(renderMarkdown(resultsFor(validHistory(), { rowsMatchedBy: 'content' }))).toContain(line);
    expect(renderMarkdown(resultsFor(validHistory()))).not.toContain(line);
    expect(buildReportModel(resultsFor(validHistory(), { rowsMatchedBy: 'content' })).config).toContainEqual({
      label: 'rows matched by',
      value: 'content: the store keeps no client offset, texts were unique per scenario',
    });
  });
});

describe('a shared store', () => {
  it('says each scenario was judged only on its own rows, in the Markdown summary and the HTML report, and not for a store of its own', () => {
    const line = 'shared store: it cannot be emptied between scenarios, so each scenario was judged only on its own rows';
    expect(renderMarkdown(resultsFor(validHistory(), { storeScope: 'own-messages' }))).toContain(line);
    expect(renderMarkdown(resultsFor(validHistory(), { storeScope: 'whole' }))).not.toContain(line);
    expect(buildReportModel(resultsFor(validHistory(), { storeScope: 'own-messages' })).config.map((c) => c.label)).toContain('store judged');
    expect(buildReportModel(resultsFor(validHistory())).config.map((c) => c.label)).not.toContain('store judged');
  });
});

describe('markdown escaping', () => {
  it('keeps text as typed', () => {
    expect(mdText('<b>*x*</b> | `y` [z](u) ~w~ _v_')).toBe('&lt;b&gt;\\*x\\*&lt;/b&gt; \\| \\`y\\` \\[z\\](u) \\~w\\~ \\_v\\_');
    expect(mdCode('a `b` c')).toBe('`` a `b` c ``');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdBlock('x ``` y')).toBe('````\nx ``` y\n````');
  });
});

describe('the GitHub job summary', () => {
  it('appends summary.md to GITHUB_STEP_SUMMARY, keeping what was there', async () => {
    const stepSummary = path.join(dir, 'step-summary.md');
    await writeFile(stepSummary, '# earlier step\n\n');
    const { result, summary, scenario } = campaignFor(xssHistory(), { reportDir: dir });
    const reporter = markdownReporter({ env: { GITHUB_STEP_SUMMARY: stepSummary } });
    await reporter.onCampaignStart!(result.config, dir);
    await reporter.onScenarioEnd!(summary, scenario);
    await reporter.onCampaignEnd!(result);
    const written = await readFile(path.join(dir, 'summary.md'), 'utf8');
    expect(written).toContain('**1 message was lost');
    expect(written).toContain(`Full report: \`${path.join(dir, 'report.html')}\``);
    const appended = await readFile(stepSummary, 'utf8');
    expect(appended).toBe(`# earlier step\n\n${written}\n`);
    // A second campaign in the same job appends again.
    expect(await appendStepSummary('second\n', { GITHUB_STEP_SUMMARY: stepSummary })).toBe(true);
    expect(await readFile(stepSummary, 'utf8')).toBe(`# earlier step\n\n${written}\nsecond\n\n`);
  });

  it('does nothing without GITHUB_STEP_SUMMARY', async () => {
    expect(await appendStepSummary('x', {})).toBe(false);
    const { result } = campaignFor(validHistory(), { reportDir: dir });
    const reporter = markdownReporter({ env: {} });
    await reporter.onCampaignEnd!(result);
    expect(await readFile(path.join(dir, 'summary.md'), 'utf8')).toContain('No anomalies');
  });
});
