import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfigFile.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { harnessEventText } from '../../src/history/harnessEventText.js';
import { packageRoot } from '../../src/paths.js';
import type { Reporter } from '../../src/core/Reporter.js';
import midEmitCut from '../../../scenarios/mid-emit-cut.js';

/** examples/content-chat: a server that stores only (id, content), so its rows are matched to messages by content. */
const example = path.join(packageRoot, 'examples', 'content-chat');

let reportsDir: string;
beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-content-chat-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

/** Runs a campaign on the example; `seen` collects every scenario's anomaly kinds and stored rows, shrink runs included. */
async function campaign(configFile: string, options: CampaignOptions, seen: { kinds: Set<string>; rows: number } = { kinds: new Set(), rows: 0 }) {
  const fromFile = await loadConfig(path.join(example, configFile), example);
  const collect: Reporter = {
    name: 'collect',
    onScenarioEnd(_, result) {
      for (const a of result.check.anomalies) seen.kinds.add(a.kind);
      seen.rows += rowsOf(result.history).length;
    },
  };
  return runCampaign(resolveConfig({ ...fromFile, reportsDir, shrinkTimeLimitMs: 15_000, ...options }), { reporters: [collect] });
}

function rowsOf(history: readonly HistoryEvent[]) {
  return history.filter((e) => e.type === 'final-read');
}

describe('a server that stores only (id, content)', () => {
  it('is valid without faults, read over its http store at {port}, with every row matched by content', async () => {
    const result = await campaign('siochaos.http.config.json', {
      seed: 3,
      runs: 3,
      timeLimitMs: 30_000,
      keepAllHistories: true,
      scenario: { name: 'no-faults', description: 'emits only', weights: { emit: 4, burst: 1, wait: 1 } },
    });
    expect(result.error).toBeUndefined();
    expect(result.rowsMatchedBy).toBe('content');
    expect([result.verdict, result.anomalies.map((a) => a.description), result.unknowns]).toEqual(['valid', [], []]);
    expect(result.figures.scenarios).toBe(3);
    expect(result.figures.messagesSent).toBeGreaterThan(5);
    expect(result.figures.messagesStored).toBe(result.figures.messagesSent);
  }, 120_000);

  it('is lost, never phantom, under at-most-once mid-emit cuts', async () => {
    const seen = { kinds: new Set<string>(), rows: 0 };
    const result = await campaign('siochaos.config.json', { seed: 5, timeLimitMs: 40_000, strategy: 'at-most-once', scenario: midEmitCut }, seen);
    expect(result.error).toBeUndefined();
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => a.kind)).toContain('lost');
    // Over every scenario run, shrinking included: rows were stored, and none of them was taken for a phantom.
    expect(seen.rows).toBeGreaterThan(0);
    expect([...seen.kinds]).not.toContain('phantom');
    const history = result.counterexample!.result.history;
    const rows = rowsOf(history);
    expect(rows.every((row) => row.match === 'content' && row.msg === null)).toBe(true);
    // Every text a client sent in the scenario is its own: two messages never share one.
    const texts = new Map<string, string>();
    for (const e of history) {
      if (e.type !== 'invoke' || e.attempt !== 1) continue;
      expect(texts.get(e.content) ?? e.msg, e.content).toBe(e.msg);
      texts.set(e.content, e.msg);
    }
    if (rows.length > 0) {
      expect(result.counterexample!.result.check.results.find((r) => r.checker === 'delivery')?.notes.join('\n')).toMatch(/matched to messages by content/);
    }
  }, 150_000);

  it('sees a client stuck on a stored text that is never acked, without waiting out the drain', async () => {
    const notes: string[] = [];
    const fromFile = await loadConfig(path.join(example, 'siochaos.config.json'), example);
    const target = fromFile.target as Extract<typeof fromFile.target, { kind: 'command' }>;
    const record: Reporter = {
      name: 'notes',
      onScenarioEnd(_, result) {
        for (const e of result.history) if (e.type === 'stuck' || e.type === 'not-drained') notes.push(harnessEventText(e));
      },
    };
    await runCampaign(
      resolveConfig({
        ...fromFile,
        target: { ...target, env: { ...target.env, ACK: '0' } },
        reportsDir,
        seed: 1,
        runs: 1,
        ackTimeoutMs: 300,
        timeLimitMs: 60_000,
        shrinkTimeLimitMs: 1,
        scenario: { name: 'one-emit', description: 'one emit', weights: { emit: 1 } },
      }),
      { reporters: [record] },
    );
    // One or more clients (scenario 1 of seed 1 sends from two since scenarios are drawn by index).
    expect(notes.join('\n')).toMatch(/stuck: (c\d on c\d-1, )+stored but re-sent/);
  }, 120_000);
});
