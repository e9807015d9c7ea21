import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioSummary } from '../../src/core/CampaignResult.js';
import { consoleReporter, type ConsoleStream } from '../../src/reporters/consoleReporter.js';
import { campaignFor, multiNodeHistory, xssHistory } from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-console-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function captured(isTTY: boolean): ConsoleStream & { out: string } {
  const stream = { out: '', isTTY, columns: 200, write: (chunk: string) => (stream.out += chunk) };
  return stream;
}

/** Plays a small campaign through a reporter: a valid scenario, a failing one, a shrink run. */
async function play(reporter: ReturnType<typeof consoleReporter>, clock: { t: number }) {
  const { result, summary, scenario } = campaignFor(xssHistory(), { reportDir: dir });
  const config = { ...result.config, timeLimitMs: 30_000, shrinkTimeLimitMs: 60_000 };
  await reporter.onCampaignStart!(config, dir);
  const valid: ScenarioSummary = { ...summary, index: 1, verdict: 'valid', anomalies: 0, figures: { ...summary.figures, faults: 2 } };
  clock.t += 4_000;
  await reporter.onScenarioEnd!(valid, { ...scenario, verdict: 'valid' });
  const failing: ScenarioSummary = { ...summary, index: 2, figures: { ...summary.figures, faults: 3 } };
  clock.t += 4_000;
  await reporter.onScenarioEnd!(failing, scenario);
  await reporter.onShrinkStart!(failing);
  clock.t += 1_000;
  await reporter.onScenarioEnd!({ ...failing, index: 3, phase: 'shrink' }, scenario);
  await reporter.onCampaignEnd!(result);
  return result;
}

describe('consoleReporter', () => {
  it('keeps one live progress line on a terminal, rewritten in place', async () => {
    const stream = captured(true);
    const clock = { t: 1_000_000 };
    await writeFile(path.join(dir, 'report.html'), '<!doctype html>');
    await play(consoleReporter({ stream, env: {}, refreshMs: 0, now: () => clock.t }), clock);
    const out = stream.out;
    expect(out).toContain('\rsiochaos ▸ searching: 0 scenarios · 0 faults injected · 0 anomalies so far · 30 s left\x1b[K');
    expect(out).toContain('\rsiochaos ▸ searching: 1 scenario · 2 faults injected · 0 anomalies so far · 26 s left\x1b[K');
    // The failure gets a line of its own, above the live line.
    expect(out).toContain('\r\x1b[Kscenario 2: invalid, 2 anomalies (2 steps)\n');
    expect(out).toContain('\rsiochaos ▸ shrinking: 3 scenarios · 8 faults injected · 2 anomalies so far · shrinking (smallest: 2 steps) · 1 min 21 s left\x1b[K');
    // Per-scenario lines are for logs, not terminals.
    expect(out).not.toContain('scenario 1: valid');
    const finalPart = out.slice(out.lastIndexOf('\r\x1b[K'));
    expect(finalPart).toContain('verdict: invalid: 1 message was lost: acknowledged by the server but never stored; 1 message was stored more than once.');
    expect(finalPart).toContain(`report: ${path.join(dir, 'report.html')}`);
  });

  it('prints plain lines when the output is not a terminal, or when CI is set', async () => {
    for (const [stream, env] of [
      [captured(false), {}],
      [captured(true), { CI: 'true' }],
    ] as const) {
      const clock = { t: 0 };
      await play(consoleReporter({ stream, env, refreshMs: 0, now: () => clock.t }), clock);
      expect(stream.out).not.toContain('\r');
      expect(stream.out).not.toContain('\x1b');
      expect(stream.out).toContain('scenario 1: valid (2 commands, 3 sent, 3 stored, 2 faults, 0.9 s)\n');
      expect(stream.out).toContain('scenario 2: invalid');
      expect(stream.out).toContain('shrink 3: invalid');
      expect(stream.out).toContain('found a failure: shrinking it to the smallest scenario that still fails\n');
      expect(stream.out).toContain('verdict: invalid: 1 message was lost');
      expect(stream.out).toContain('replay: npx siochaos replay reports/fixture/x\n');
      // No report.html in the folder: it points at results.json.
      expect(stream.out).toContain(`report: ${path.join(dir, 'results.json')}\n`);
    }
  });

  it('still takes a line writer', async () => {
    const lines: string[] = [];
    const clock = { t: 0 };
    await play(consoleReporter((line) => lines.push(line)), clock);
    expect(lines).toContain('found a failure: shrinking it to the smallest scenario that still fails');
    expect(lines.some((l) => l.startsWith('verdict: invalid: '))).toBe(true);
  });
});

describe('consoleReporter on a multi-node target', () => {
  it('says what each node did over the search, and names the nodes and the adapter with the target', async () => {
    const stream = captured(false);
    const { result, summary, scenario } = campaignFor(multiNodeHistory(), { reportDir: dir });
    const config = { ...result.config, target: { ...result.config.target, nodes: 3, adapter: 'redis' } } as typeof result.config;
    const reporter = consoleReporter({ stream, env: {}, refreshMs: 0 });
    await reporter.onCampaignStart!(config, dir);
    await reporter.onScenarioEnd!(summary, scenario);
    await reporter.onScenarioEnd!({ ...summary, index: 2 }, scenario);
    await reporter.onScenarioEnd!({ ...summary, index: 3, phase: 'shrink' }, scenario);
    await reporter.onCampaignEnd!(result);
    expect(stream.out).toContain('target reference server (3 nodes, redis adapter; bugs: no-unique)');
    expect(stream.out).toContain('  per node: n0 8 connections, 6 handled, 4 recovered; n1 4 connections, 2 handled, 0 recovered; n2 2 connections, 2 handled, 2 recovered\n');
  });

  it('says nothing per node for a single node', async () => {
    const stream = captured(false);
    await play(consoleReporter({ stream, env: {}, refreshMs: 0 }), { t: 0 });
    expect(stream.out).not.toContain('per node');
  });
});

describe('consoleReporter with workers and a shard', () => {
  it('names the worker of each scenario, shows each worker on the live line, and the shard at the start and the end', async () => {
    const { result, summary, scenario } = campaignFor(xssHistory(), { reportDir: dir });
    const config = { ...result.config, workers: 2, shard: { index: 2, count: 4 } };
    const plain = captured(false);
    const live = captured(true);
    for (const stream of [plain, live]) {
      const reporter = consoleReporter({ stream, env: {}, refreshMs: 0, now: () => 0 });
      await reporter.onCampaignStart!(config, dir);
      await reporter.onScenarioEnd!({ ...summary, index: 6, worker: 2, verdict: 'valid', anomalies: 0 }, { ...scenario, verdict: 'valid' });
      await reporter.onScenarioEnd!({ ...summary, index: 2, worker: 1, verdict: 'valid', anomalies: 0 }, { ...scenario, verdict: 'valid' });
      await reporter.onCampaignEnd!({ ...result, config, shard: config.shard });
    }
    expect(plain.out).toMatch(/^siochaos: campaign .*, 2 at once, shard 2\/4 \(the scenarios k with k mod 4 = 1\), target /m);
    expect(plain.out).toContain('scenario 6 (worker 2): valid');
    expect(plain.out).toContain('scenario 2 (worker 1): valid');
    expect(plain.out).toMatch(/^ {2}\d+ scenarios? .*, seed \d+, shard 2\/4$/m);
    expect(live.out).toContain('last run by worker: 1▸#2 2▸#6');
  });
});
