import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import { runCampaign } from '../../src/core/runCampaign.js';
import ackLost from '../../../scenarios/ack-lost.js';

/** harness/test/fixtures/objectChat.js: object payloads, its own event names, a store of { id, text } only, read over HTTP. */
const server = path.join(import.meta.dirname, '..', 'fixtures', 'objectChat.js');

let reportsDir: string;
beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-object-chat-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

function campaign(options: CampaignOptions) {
  return runCampaign(
    resolveConfig({
      name: 'object-chat',
      clients: 2,
      reportsDir,
      shrinkTimeLimitMs: 15_000,
      target: { kind: 'command', command: [process.execPath, server], env: { PORT: '{port}' }, readyLog: 'object chat listening' },
      protocol: {
        sendEvent: 'send',
        broadcastEvent: 'message',
        payload: 'object',
        objectFields: { content: 'text', offset: 'id' },
        ackOkField: 'ok',
        authOffsetKey: 'lastId',
      },
      store: { kind: 'http', url: 'http://127.0.0.1:{port}/messages', fields: { offset: 'id', content: 'text' } },
      ...options,
    }),
    { reporters: [] },
  );
}

describe('an object-payload server that keeps only { id, text }', () => {
  it('is valid without faults, its rows matched by content', async () => {
    const result = await campaign({ seed: 2, runs: 3, timeLimitMs: 30_000, scenario: { name: 'no-faults', description: 'emits only', weights: { emit: 4, burst: 1, wait: 1 } } });
    expect(result.error).toBeUndefined();
    expect(result.rowsMatchedBy).toBe('content');
    expect([result.verdict, result.anomalies.map((a) => a.description), result.unknowns]).toEqual(['valid', [], []]);
    expect(result.figures.messagesStored).toBe(result.figures.messagesSent);
  }, 120_000);

  it('stores a retry after a lost ack twice: duplicated, found by content, never phantom', async () => {
    const result = await campaign({ seed: 1, timeLimitMs: 30_000, scenario: ackLost });
    expect(result.error).toBeUndefined();
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => a.kind)).toContain('duplicated');
    expect(result.anomalies.map((a) => a.kind)).not.toContain('phantom');
    expect(result.counterexample!.commands.length).toBeLessThanOrEqual(3);
  }, 150_000);
});
