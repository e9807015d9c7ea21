import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    expect(out).toContain('\rsiochaos ▸ shrinking: 2 scenarios · 5 faults injected · 2 anomalies so far · 0 shrink runs, smallest failure 2 steps · 1 min 22 s left\x1b[K');
    expect(out).toContain('\rsiochaos ▸ shrinking: 3 scenarios · 8 faults injected · 2 anomalies so far · 1 shrink run, smallest failure 2 steps · 1 min 21 s left\x1b[K');
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
      expect(stream.out).toMatch(/^shrink 3: invalid \(.*\), 2 anomalies · 1 shrink run, smallest failure 2 steps$/m);
      expect(stream.out).toContain('found a failure: shrinking it to the smallest scenario that still fails\n');
      expect(stream.out).toContain('verdict: invalid: 1 message was lost');
      expect(stream.out).toContain('replay: npx siochaos replay reports/fixture/x\n');
      // No report.html in the folder: it points at results.json.
      expect(stream.out).toContain(`report: ${path.join(dir, 'results.json')}\n`);
    }
  });

  it("gives the shrink's smallest failure, not that of another worker's failure found at a higher index and not shrunk", async () => {
    const stream = captured(false);
    const reporter = consoleReporter({ stream, env: {}, refreshMs: 0, now: () => 0 });
    const { result, summary, scenario } = campaignFor(xssHistory(), { reportDir: dir });
    await reporter.onCampaignStart!({ ...result.config, timeLimitMs: 30_000, shrinkTimeLimitMs: 60_000 }, dir);
    const step = summary.commands[0]!;
    // Worker 2's index 7 (1 step) fails before worker 1's index 5 (3 steps), which is the one shrunk.
    await reporter.onScenarioEnd!({ ...summary, index: 7, worker: 2, commands: [step] }, scenario);
    const shrunk: ScenarioSummary = { ...summary, index: 5, worker: 1, commands: [step, step, step] };
    await reporter.onScenarioEnd!(shrunk, scenario);
    await reporter.onShrinkStart!(shrunk);
    await reporter.onScenarioEnd!({ ...shrunk, index: 8, phase: 'shrink' }, scenario);
    expect(stream.out).toMatch(/^shrink 8 \(worker 1\): invalid .* · 1 shrink run, smallest failure 3 steps$/m);
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
  });

  it('shows on the live line what every worker runs now, not what it ran last, and when it is idle or shrinking', async () => {
    vi.useFakeTimers();
    try {
      const { result, summary, scenario } = campaignFor(xssHistory(), { reportDir: dir });
      const config = { ...result.config, workers: 2, timeLimitMs: 30_000, shrinkTimeLimitMs: 60_000 };
      const stream = captured(true);
      const clock = { t: 0 };
      const reporter = consoleReporter({ stream, env: {}, refreshMs: 100, now: () => clock.t });
      /** Lets `ms` pass, then the line as the refresh timer last drew it. */
      const after = (ms: number) => {
        clock.t += ms;
        vi.advanceTimersByTime(100);
        return stream.out.slice(stream.out.lastIndexOf('\r') + 1).replace(/\x1b\[K$/, '');
      };
      const start = (worker: number, index: number, phase: 'search' | 'shrink' = 'search') => reporter.onScenarioStart!({ worker, index, phase });
      const end = (worker: number, index: number, phase: 'search' | 'shrink' = 'search') =>
        reporter.onScenarioEnd!({ ...summary, index, worker, phase, verdict: 'valid', anomalies: 0 }, { ...scenario, verdict: 'valid' });

      await reporter.onCampaignStart!(config, dir);
      await start(1, 1);
      clock.t += 300;
      await start(2, 2);
      expect(after(500)).toBe('siochaos ▸ searching: 0 scenarios · 0 faults injected · 0 anomalies so far · 30 s left · w1: #1 running 0.8 s · w2: #2 running 0.5 s');
      await end(1, 1);
      expect(after(0)).toMatch(/ · w1: #1 done · w2: #2 running 0\.5 s$/);
      await start(1, 3);
      clock.t += 1_200;
      await end(2, 2);
      await start(2, 4);
      // Each worker's current scenario, not the one it finished last.
      expect(after(100)).toMatch(/^siochaos ▸ searching: 2 scenarios · .* · 28 s left · w1: #3 running 1\.3 s · w2: #4 running 0\.1 s$/);
      // The search ends for worker 2 (its run 4 was stopped, not judged): idle, while worker 1 finishes 3.
      await reporter.onWorkerIdle!({ worker: 2 });
      expect(after(100)).toMatch(/ · w1: #3 running 1\.4 s · w2: idle$/);
      await end(1, 3);
      await reporter.onWorkerIdle!({ worker: 1 });
      await reporter.onShrinkStart!({ ...summary, index: 3 });
      await start(1, 5, 'shrink');
      clock.t += 900;
      await end(1, 5, 'shrink');
      await start(1, 6, 'shrink');
      expect(after(400)).toMatch(/^siochaos ▸ shrinking: 4 scenarios · .* · 1 shrink run, smallest failure 2 steps · 1 min 27 s left · w1: #6 shrinking 0\.4 s · w2: idle$/);

      // A narrow terminal gets fewer words, so that every worker still fits; narrower still, the line is cut.
      stream.columns = 140;
      expect(after(0)).toBe('siochaos ▸ shrinking: 4 scenarios · 0 anomalies · 1 shrink run, smallest 2 steps · 1 min 27 s left · w1: #6 shrinking 0.4 s · w2: idle');
      stream.columns = 80;
      expect(after(0)).toBe('siochaos ▸ shrinking: 4 scenarios · 0 anomalies · 1 shrink run, smallest 2 ste…');
      await reporter.onCampaignEnd!({ ...result, config });
    } finally {
      vi.useRealTimers();
    }
  });
});
