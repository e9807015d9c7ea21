/**
 * The parallel search by index, with stand-in runs (no processes): shards
 * partition a campaign, workers run the same scenario for the same index,
 * the failure settled on is the lowest failing index, whatever finished
 * first, and reporters hear which worker starts which scenario and when a
 * worker is idle.
 */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { inShard, nextInShard, parseShard, type Shard } from '../../src/config/shard.js';
import { searchByIndex, type SearchPoolOptions } from '../../src/core/searchPool.js';
import { generatedScenario, type GeneratedScenario } from '../../src/generate/arbitraries.js';
import { scenarioAt } from '../../src/generate/scenarioAt.js';
import { parseRunArgs } from '../../src/cli/runArgs.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { strategyByName } from '../../src/clients/strategies/registry.js';
import { SetupError } from '../../src/errors/SetupError.js';
import { loadProtocol } from '../../src/protocol/configurable.js';
import { campaignArbitrary, isEmptyScenario } from '../../src/core/campaignArbitrary.js';
import { scenarioRunner, type CampaignProgress } from '../../src/core/campaignRun.js';
import type { Reporter } from '../../src/core/Reporter.js';
import { searchScenarios } from '../../src/core/searchScenarios.js';
import { emptyTally } from '../../src/core/summarizeCampaign.js';
import type { ScenarioSetup } from '../../src/core/runScenario.js';
import type { CampaignConfig } from '../../src/config/types.js';
import type { Protocol } from '../../src/protocol/Protocol.js';

interface Ran {
  worker: number;
  index: number;
  aborted: boolean;
  failed: boolean;
}

/** A pool over `runs` indices whose runs take `ms(index)` and fail when `failing(index)`; `log` gets every run as it ends. */
function pool(log: Ran[], over: Partial<SearchPoolOptions<number, Ran>> & { ms?: (index: number) => number; failing?: (index: number) => boolean } = {}) {
  const { ms = () => 1, failing = () => false, ...rest } = over;
  return searchByIndex<number, Ran>({
    workers: 2,
    shard: undefined,
    runs: 40,
    deadline: Infinity,
    scenarioAt: (index) => index,
    run: (worker, index, _scenario, signal) =>
      new Promise((resolve) => {
        const done = () => {
          const ran = { worker, index, aborted: signal.aborted, failed: failing(index) };
          log.push(ran);
          resolve(ran);
        };
        const timer = setTimeout(done, ms(index));
        signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
      }),
    fails: (ran) => ran.failed,
    stopped: () => false,
    ...rest,
  });
}

/** A scenario setup whose targets come from `takeTarget` alone (none is made), with no Toxiproxy behind it. */
function targetlessSetup(config: CampaignConfig, protocol: Protocol, signal: AbortSignal, takeTarget: ScenarioSetup['takeTarget']): ScenarioSetup {
  return {
    toxiproxyUrl: 'http://127.0.0.1:1',
    makeTarget: () => {
      throw new Error('no target is made: takeTarget gives them');
    },
    takeTarget,
    clients: config.clients,
    strategy: strategyByName(config.strategy),
    strategyOptions: { ackTimeoutMs: config.ackTimeoutMs, retries: config.retries },
    protocol,
    transport: 'websocket',
    workDir: os.tmpdir(),
    finalPhase: config.finalPhase,
    signal,
  };
}

describe('shards', () => {
  it('partition a campaign: disjoint, and together every index (4 shards of 37 runs, 3 workers each)', async () => {
    const perShard: number[][] = [];
    for (let i = 1; i <= 4; i++) {
      const log: Ran[] = [];
      await pool(log, { runs: 37, workers: 3, shard: { index: i, count: 4 } });
      perShard.push(log.map((r) => r.index).sort((a, b) => a - b));
      expect(log.every((r) => inShard(r.index, { index: i, count: 4 }))).toBe(true);
    }
    const all = perShard.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 37 }, (_, k) => k));
    expect(perShard.map((s) => s.length)).toEqual([10, 9, 9, 9]);
  });

  it('nextInShard gives the first index of the shard at or after k', () => {
    const shard: Shard = { index: 3, count: 4 };
    for (let k = 0; k < 20; k++) {
      const next = nextInShard(k, shard);
      expect(inShard(next, shard) && next >= k && next - k < 4).toBe(true);
    }
  });

  it('bad specs are refused in one line: 5/4, 0/3, x, 2/0', () => {
    for (const [spec, why] of [
      ['5/4', /^shard 5\/4: the index must be a whole number between 1 and 4 \(for example --shard 2\/4/],
      ['0/3', /^shard 0\/3: the index must be a whole number between 1 and 3/],
      ['x', /^shard "x" is not i\/n/],
      ['2/0', /^shard 2\/0: the count must be a whole number of at least 1/],
    ] as const) {
      expect(() => parseShard(spec)).toThrow(why);
      expect(() => parseRunArgs(['--shard', spec])).toThrow(why);
    }
    expect(parseRunArgs(['--shard', '2/4', '--workers', '3']).options).toMatchObject({ shard: { index: 2, count: 4 }, workers: 3 });
    expect(() => resolveConfig({ workers: 0 })).toThrow(/^workers must be a whole number of at least 1, got 0/);
    expect(() => resolveConfig({ workers: 1.5 })).toThrow(/^workers must be/);
    expect(resolveConfig({}).workers).toBeGreaterThanOrEqual(1);
  });
});

describe('workers', () => {
  it('default to half the cores against the reference server, 1 against your own; refused over a store every scenario resets', () => {
    expect(resolveConfig({}).workers).toBe(Math.max(1, Math.floor(os.availableParallelism() / 2)));
    const url = { kind: 'url' as const, url: 'http://127.0.0.1:3000' };
    expect(resolveConfig({ target: url }).workers).toBe(1);
    expect(resolveConfig({ target: url, workers: 3 }).workers).toBe(3);
    const postgres = { kind: 'postgres' as const, url: 'postgres://127.0.0.1/test', query: 'SELECT id, client_offset, content FROM messages', reset: 'TRUNCATE messages' };
    expect(() => resolveConfig({ target: url, store: postgres, workers: 2 })).toThrow(/^workers 2: every scenario resets the same store \(store\.reset\)/);
    expect(resolveConfig({ target: url, store: postgres }).workers).toBe(1);
    const ownFile = { kind: 'sqlite' as const, file: '{dataDir}/chat.db', query: 'SELECT id, client_offset, content FROM messages', reset: 'DELETE FROM messages' };
    expect(resolveConfig({ target: { kind: 'command', command: ['node', 'server.js'] }, store: ownFile, workers: 2 }).workers).toBe(2);
    expect(() => resolveConfig({ target: { kind: 'command', command: ['node', 'server.js'] }, store: { ...ownFile, file: '/var/chat.db' }, workers: 2 })).toThrow(/^workers 2: /);
  });

  it('run the same scenario for the same index: 1 worker and 2 workers draw index for index the same commands', async () => {
    const arbitrary = generatedScenario({ clients: 3, maxCommands: 15 });
    const drawn = async (workers: number) => {
      const byIndex = new Map<number, string>();
      await searchByIndex<GeneratedScenario, number>({
        workers,
        shard: undefined,
        runs: 30,
        deadline: Infinity,
        scenarioAt: (index) => scenarioAt(arbitrary, 9, index),
        // Uneven durations, so that the two workers interleave the indices differently from one.
        run: async (_worker, index, scenario) => {
          await new Promise((resolve) => setTimeout(resolve, (index * 7) % 5));
          byIndex.set(index, [...scenario.commands].map(String).join(', '));
          return index;
        },
        fails: () => false,
        stopped: () => false,
      });
      return byIndex;
    };
    const [one, two] = [await drawn(1), await drawn(2)];
    expect(one.size).toBe(30);
    expect([...two].sort(([a], [b]) => a - b)).toEqual([...one].sort(([a], [b]) => a - b));
  });

  it('settle on the lowest failing index: a higher failure that ends first waits for the lower run, which wins; higher runs are aborted', async () => {
    const log: Ran[] = [];
    // Index 4 fails fast; index 3 (started before it) is slow and fails too; 5 was under way and is aborted.
    const found = await pool(log, { workers: 3, failing: (k) => k === 3 || k === 4, ms: (k) => (k === 3 ? 60 : k === 5 ? 1000 : 5) });
    expect(found?.index).toBe(3);
    expect(found?.run.failed).toBe(true);
    expect(log.find((r) => r.index === 5)?.aborted).toBe(true);
    expect(log.filter((r) => !r.aborted).map((r) => r.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect(Math.max(...log.map((r) => r.index))).toBe(5);
  });

  it('stop at the deadline and at the run count', async () => {
    const log: Ran[] = [];
    expect(await pool(log, { runs: 7 })).toBeUndefined();
    expect(log).toHaveLength(7);
    const late: Ran[] = [];
    await pool(late, { deadline: Date.now() - 1 });
    expect(late).toHaveLength(0);
  });

  it('treat a run that cannot start as the end of the search at its index: lower runs finish and a failure among them wins, higher runs are aborted', async () => {
    // Index 2 cannot start (its target could not be set up) while index 1, slower, is about to fail, and index 3 runs.
    const cannotStart = (failing: (k: number) => boolean) => {
      const log: Ran[] = [];
      const found = searchByIndex<number, Ran>({
        workers: 3, shard: undefined, runs: 40, deadline: Infinity, scenarioAt: (k) => k, fails: (ran) => ran.failed, stopped: () => false,
        run: (worker, index, _s, signal) =>
          index === 2
            ? new Promise((resolve) => setTimeout(() => resolve(undefined), 5))
            : new Promise((resolve) => {
                const done = () => {
                  const ran = { worker, index, aborted: signal.aborted, failed: failing(index) };
                  log.push(ran);
                  resolve(ran);
                };
                const timer = setTimeout(done, index === 1 ? 60 : index === 0 ? 1 : 1000);
                signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
              }),
      });
      return found.then((f) => ({ found: f, log }));
    };
    // Before, the run that could not start aborted index 1 too, and the failure a single worker finds was lost.
    const lowerFails = await cannotStart((k) => k === 1);
    expect(lowerFails.found?.index).toBe(1);
    expect(lowerFails.log.find((r) => r.index === 1)?.aborted).toBe(false);
    expect(lowerFails.log.find((r) => r.index === 3)?.aborted).toBe(true);
    expect(Math.max(...lowerFails.log.map((r) => r.index))).toBe(3);
    // No lower failure: nothing is found (the caller reports the setup error); a higher failure does not count.
    const noneLower = await cannotStart((k) => k === 3 || k === 4);
    expect(noneLower.found).toBeUndefined();
    expect(noneLower.log.filter((r) => !r.aborted).map((r) => r.index).sort()).toEqual([0, 1]);
  });

  it('tell reporters which worker starts which scenario (by its report index), and each worker once when it has none left', async () => {
    // Seed 3's first two scenarios with commands go to workers 1 and 2: each tells its start, then its target cannot be
    // set up (a SetupError, no process started), which ends the search; each worker is then idle, once.
    const config = resolveConfig({ seed: 3, workers: 2, runs: 10 });
    const plan = { scenario: config.scenario, nodes: 1 };
    const arbitrary = campaignArbitrary(config, plan);
    const [a, b] = Array.from({ length: 10 }, (_, k) => k).filter((k) => !isEmptyScenario(scenarioAt(arbitrary, config.seed, k)));
    const events: string[] = [];
    const reporter: Reporter = {
      name: 'log',
      onScenarioStart: ({ worker, index, phase }) => void events.push(`w${worker} starts #${index} (${phase})`),
      onWorkerIdle: ({ worker }) => void events.push(`w${worker} idle`),
    };
    const progress: CampaignProgress = { tally: emptyTally(), shrinkDeadline: Infinity, lastIndex: 0, signal: new AbortController().signal };
    const protocol = await loadProtocol(config.protocol);
    const runners = [1, 2].map((worker) =>
      scenarioRunner({
        config,
        runId: 'r',
        reporters: [reporter],
        progress,
        worker,
        setup: targetlessSetup(config, protocol, progress.signal, () =>
          new Promise((_, reject) => setTimeout(() => reject(new SetupError(`worker ${worker}: no target`)), 10 * worker)),
        ),
      }),
    );
    expect(await searchScenarios(config, plan, progress, runners, [reporter])).toBeUndefined();
    expect(progress.setupError?.message).toBe('worker 1: no target');
    expect(events.slice(0, 2)).toEqual([`w1 starts #${a! + 1} (search)`, `w2 starts #${b! + 1} (search)`]);
    expect(events.slice(2).sort()).toEqual(['w1 idle', 'w2 idle']);
  });
});

describe('a scenario runner interrupted while its target starts', () => {
  it('gives no run (never a failing candidate, an error or a setup error), while searching and while shrinking', async () => {
    const config = resolveConfig({ seed: 3, runs: 10 });
    const protocol = await loadProtocol(config.protocol);
    const campaign = new AbortController();
    const progress: CampaignProgress = { tally: emptyTally(), shrinkDeadline: Infinity, lastIndex: 0, signal: campaign.signal };
    const runOne = scenarioRunner({
      config,
      runId: 'r',
      reporters: [],
      progress,
      // As a multi-node start does at Ctrl-C: it stops at its next step and rejects with the signal's reason.
      setup: targetlessSetup(config, protocol, campaign.signal, async () => {
        campaign.abort(new Error('interrupted'));
        campaign.signal.throwIfAborted();
        throw new Error('unreachable');
      }),
    });
    await expect(runOne('websocket', [])).resolves.toBeUndefined();
    expect(progress.setupError).toBeUndefined();
    progress.failure = {} as NonNullable<CampaignProgress['failure']>;
    await expect(runOne('websocket', [])).resolves.toBeUndefined();
    expect(progress.shrinkStoppedBy).toBeUndefined();
  });
});
