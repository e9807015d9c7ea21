import { checkHistory } from '../../src/checkers/checkHistory.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignResult, ScenarioSummary } from '../../src/core/CampaignResult.js';
import { buildView } from '../../src/view/buildView.js';
import { scenarioFigures } from '../../src/core/figures.js';
import type { ScenarioResult } from '../../src/core/runScenario.js';
import type { History } from '../../src/history/events.js';
import { toResultsFile, type ReportInput } from '../../src/reporters/resultsFile.js';
import { HistoryBuilder } from '../checkers/historyBuilder.js';

/** Message texts that would run script if a report treated them as markup. */
export const XSS = {
  img: '<img src=x onerror=alert(1)>',
  closeScript: '</script><script>alert(2)</script>',
  flagImg: '<img src=x onerror="window.__xss=1">',
  flagScript: '</script><script>window.__xss=2</script>',
} as const;

/**
 * A hand-written history with known anomalies and markup everywhere a string
 * can go: c0-1 is lost (acknowledged, never stored), c1-1 is stored twice
 * (an unknown outcome, a retry), c2-1 is fine; a fault hits c0 and c1.
 */
export function xssHistory(): History {
  const h = new HistoryBuilder();
  h.add({ type: 'target-listening', target: 'reference-server', host: '127.0.0.1', port: 40000 });
  h.connect('c0');
  h.connect('c1');
  h.connect('c2');
  h.faultStart(XSS.flagScript, ['c0', 'c1']);
  const lost = h.send('c0', XSS.img);
  h.ok(lost);
  const dup = h.send('c1', XSS.closeScript);
  h.info(dup, XSS.flagImg);
  h.faultEnd(1, XSS.flagScript);
  h.retry(dup);
  h.ok(dup);
  const fine = h.send('c2', XSS.flagImg);
  h.ok(fine);
  for (const c of ['c0', 'c1', 'c2']) {
    h.receive(c, 1, XSS.closeScript);
    h.receive(c, 2, XSS.closeScript);
    h.receive(c, 3, XSS.flagImg);
  }
  h.store(dup, 1);
  h.store(dup, 2);
  h.store(fine, 3);
  return h.build();
}

/** A campaign that ran one scenario with this history, as core hands it to the reporters. */
export interface FixtureCampaign {
  result: CampaignResult;
  summary: ScenarioSummary;
  scenario: ScenarioResult;
}

/** A campaign that ran exactly one scenario, with this history (its counterexample when it failed). */
export function campaignFor(history: History, overrides: Partial<CampaignResult> = {}): FixtureCampaign {
  const check = checkHistory(history);
  const figures = scenarioFigures(buildView(history));
  const config = resolveConfig({ seed: 42, name: 'fixture', reportsDir: '/tmp/siochaos-fixture', target: { kind: 'reference', bugs: ['no-unique'] } });
  const commands = [`Emit(c0, ${JSON.stringify(XSS.img)})`, `CutAckDownstream(c1, ${JSON.stringify(XSS.closeScript)})`];
  const summary: ScenarioSummary = {
    index: 1, phase: 'search', transport: 'websocket', verdict: check.verdict, durationMs: 900, commands,
    anomalies: check.anomalies.length, figures,
  };
  const scenario: ScenarioResult = { verdict: check.verdict, check, history: [...history], figures, durationMs: 900, faults: { 'limit-data': 1 } };
  const result: CampaignResult = {
    version: 1,
    verdict: check.verdict,
    seed: 42,
    startedAt: '2026-11-25T10:00:00.000Z',
    durationMs: 1234,
    interrupted: false,
    config,
    figures: {
      scenarios: 1, valid: check.verdict === 'valid' ? 1 : 0, invalid: check.verdict === 'invalid' ? 1 : 0, unknown: check.verdict === 'unknown' ? 1 : 0,
      shrinkRuns: 0, messagesSent: figures.sent, messagesAcked: figures.acked, messagesStored: figures.stored, retries: figures.retries,
      faultsInjected: { 'limit-data': 1 },
    },
    ...(check.verdict === 'invalid'
      ? { counterexample: { commands, seed: 42, path: '0:1', commandsPath: 'N', replayCommand: 'npx siochaos replay reports/fixture/x', reproduction: { failures: 2, tries: 3 }, result: scenario } }
      : {}),
    anomalies: check.anomalies,
    unknowns: [],
    rowsMatchedBy: 'client-offset',
    skippedFaults: [],
    faultFamilies: [],
    reportDir: '/tmp/siochaos-fixture/fixture/x',
    ...overrides,
  };
  return { result, summary, scenario };
}

/** What a campaign with this one scenario would have written (results.json through JSON, and the history). */
export function resultsFor(history: History, overrides: Partial<CampaignResult> = {}): ReportInput {
  const { result, summary } = campaignFor(history, overrides);
  const results = JSON.parse(JSON.stringify(toResultsFile(result, { scenarios: [summary], historyScenario: 1 })));
  return { results, history };
}

/**
 * A valid history: every client sends one message, acked, stored once, received by everyone.
 */
export function validHistory(): History {
  const h = new HistoryBuilder();
  for (const c of ['c0', 'c1']) h.connect(c);
  const a = h.send('c0', 'hello');
  h.ok(a);
  const b = h.send('c1', 'world');
  h.ok(b);
  for (const c of ['c0', 'c1']) {
    h.receive(c, 1, 'hello');
    h.receive(c, 2, 'world');
  }
  h.store(a, 1);
  h.store(b, 2);
  return h.build();
}
