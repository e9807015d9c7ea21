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

/**
 * A scenario on three nodes (n0, n1, n2) behind a balancer: c0 on n0, c1 and c2 on n1.
 * c1 sends c1-2 just before n1 is killed at 300 ms (`node-crash`, healed at 900 ms): the outcome is unknown, c1 fails over to n0, c2 to n2 (its session
 * recovered), and c1's retry on n0 stores c1-2 a second time (offsets 3 and 4: duplicated). n2 is
 * cut from the adapter from 1000 to 1500 ms: c2 never receives c1-3 (offset 5), and c0 and c1 never
 * receive c2-1 (offset 6). The adapter is down for every node from 1600 to 1700 ms, n2 is paused
 * from 1750 to 1900 ms, and n0 dies on its own at 1800 ms (c0 and c1 drop) until the final phase
 * restarts it at 2000 ms.
 */
export function multiNodeHistory(): History {
  const h = new HistoryBuilder();
  const connect = (client: string, node: string, recovered = false) => h.add({ type: 'connect', client, recovered, transport: 'websocket', node });
  h.at(0).add({ type: 'target-listening', target: 'reference-server', host: '127.0.0.1', port: 40000 });
  h.at(100);
  connect('c0', 'n0');
  connect('c1', 'n1');
  connect('c2', 'n1');
  h.at(150);
  const a = h.send('c0', 'from c0');
  h.ok(a);
  const b = h.send('c1', 'from c1');
  h.ok(b);
  for (const c of ['c0', 'c1', 'c2']) h.receive(c, 1, 'from c0');
  for (const c of ['c0', 'c1', 'c2']) h.receive(c, 2, 'from c1');
  h.at(290);
  const e = h.send('c1', 'twice');
  h.at(300).add({ type: 'fault-start', id: 1, fault: 'node-crash', kind: 'node', params: { node: 1 }, clients: [], description: 'kill node n1 (SIGKILL) until healed' });
  h.at(310).info(e, 'transport close');
  h.disconnect('c1');
  h.disconnect('c2');
  h.add({ type: 'client-moved', client: 'c1', from: 'n1', to: 'n0', cause: 'failover' });
  h.add({ type: 'client-moved', client: 'c2', from: 'n1', to: 'n2', cause: 'failover' });
  h.at(400);
  connect('c1', 'n0');
  connect('c2', 'n2', true);
  h.retry(e);
  h.ok(e);
  for (const offset of [3, 4]) for (const c of ['c0', 'c1', 'c2']) h.receive(c, offset, 'twice');
  h.at(900).add({ type: 'fault-end', id: 1, fault: 'node-crash' });
  h.at(1000).add({ type: 'fault-start', id: 2, fault: 'adapter-partition', kind: 'adapter', params: { node: 2 }, clients: [], description: 'cut node n2 from the adapter (its proxy disabled)' });
  h.at(1100);
  const c = h.send('c1', 'during the cut');
  h.ok(c);
  h.receive('c0', 5, 'during the cut');
  h.receive('c1', 5, 'during the cut');
  h.at(1200);
  const d = h.send('c2', 'from n2');
  h.ok(d);
  h.receive('c2', 6, 'from n2');
  h.at(1500).add({ type: 'fault-end', id: 2, fault: 'adapter-partition' });
  h.at(1600).add({ type: 'fault-start', id: 3, fault: 'adapter-down', kind: 'adapter', params: {}, clients: [], description: "take the adapter's backend down for every node (their proxies disabled)" });
  h.at(1700).add({ type: 'fault-end', id: 3, fault: 'adapter-down' });
  h.at(1750).add({ type: 'fault-start', id: 4, fault: 'node-pause', kind: 'node', params: { node: 2 }, clients: [], description: 'freeze node n2 (SIGSTOP) until healed' });
  h.at(1800).add({ type: 'target-exit', code: 1, signal: null, stderr: 'Error: Redis connection lost', node: 'n0' });
  h.at(1810).disconnect('c0');
  h.disconnect('c1');
  h.at(1900).add({ type: 'fault-end', id: 4, fault: 'node-pause' });
  h.at(1950).add({ type: 'final-phase' });
  h.at(2000).add({ type: 'target-restarted' });
  h.at(2100);
  connect('c0', 'n0', true);
  connect('c1', 'n0', true);
  h.at(2200).store(a, 1);
  h.store(b, 2);
  h.store(e, 3);
  h.store(e, 4);
  h.store(c, 5);
  h.store(d, 6);
  return h.build();
}
