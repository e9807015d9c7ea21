import { afterEach, describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { strategies, type StrategyName } from '../../src/clients/strategies/registry.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { protocolFromFields } from '../../src/protocol/configurable.js';
import type { Protocol } from '../../src/protocol/Protocol.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { anomalyPhrases } from '../../src/reporters/verdictWords.js';
import { startScriptedChat, type RefusalAck } from '../fixtures/scriptedChatServer.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The server refuses texts with a `#`, saying so. */
const refuseHashes = (content: string) => (content.includes('#') ? `hashtags are not allowed: ${content}` : undefined);

/**
 * One client sends `texts` through `strategy` to a server that refuses some,
 * waits until it is done with all of them, and the store is read as the final
 * phase reads it.
 */
async function sendThrough(strategy: StrategyName, ack: RefusalAck, protocol: Protocol, texts: string[]) {
  const server = await startScriptedChat({ refuse: refuseHashes, ack });
  cleanups.push(() => server.close());
  const recorder = new HistoryRecorder();
  const client = new ChaosClient({
    name: 'c0',
    url: server.url,
    strategy: strategies[strategy]({ ackTimeoutMs: 10_000, retries: 3 }),
    protocol,
    recorder,
  });
  cleanups.push(() => client.close());
  client.connect();
  expect(await client.waitConnected(5000)).toBe(true);
  const msgs = texts.map((text) => client.send(text));
  expect(await client.drain(30_000)).toBe(true);
  for (const row of server.rows()) recorder.record({ type: 'final-read', offset: row.offset, msg: row.msg, content: row.content });
  return { history: recorder.events, msgs };
}

describe('a server that refuses messages', () => {
  const cases: { strategy: StrategyName; ack: RefusalAck; protocol: Protocol }[] = [
    { strategy: 'ack-retry', ack: 'tutorial', protocol: tutorialProtocol },
    { strategy: 'queued-retry', ack: 'ok-field', protocol: protocolFromFields({ ackOkField: 'ok' }) },
  ];
  for (const { strategy, ack, protocol } of cases) {
    it(`${strategy}, acks shaped ${ack}: each refusal is recorded apart and reported as rejected with the server's reason`, async () => {
      const { history, msgs } = await sendThrough(strategy, ack, protocol, ['hello', 'so #great', 'bye', '#2']);
      const rejects = history.filter((e) => e.type === 'reject');
      expect(rejects.map((e) => e.type === 'reject' && [e.msg, e.attempt, e.reason])).toEqual([
        [msgs[1], 1, 'hashtags are not allowed: so #great'],
        [msgs[3], 1, 'hashtags are not allowed: #2'],
      ]);
      // Not a client giving up: no fail, and no retry of a refused message.
      expect(history.filter((e) => e.type === 'fail')).toEqual([]);
      expect(history.filter((e) => e.type === 'invoke').length).toBe(4);

      const check = checkHistory(history, ['delivery', 'ordering']);
      expect(check.verdict).toBe('invalid');
      expect(check.anomalies.map((a) => [a.kind, a.msgs, a.reason])).toEqual([
        ['rejected', [msgs[1]], 'hashtags are not allowed: so #great'],
        ['rejected', [msgs[3]], 'hashtags are not allowed: #2'],
      ]);
      expect(check.counts).toMatchObject({ sent: 4, acked: 2, refused: 2, gaveUp: 0, abandoned: 0, rejected: 2, stored: 2 });
      expect(anomalyPhrases(check.anomalies)).toEqual([
        '2 well-formed messages were refused by the server and never stored (its reasons: "hashtags are not allowed: so #great", "hashtags are not allowed: #2")',
      ]);
    });
  }

  it('a server that refuses nothing gives no rejected anomaly (the same fixture, no # in the texts)', async () => {
    const { history } = await sendThrough('queued-retry', 'ok-field', protocolFromFields({ ackOkField: 'ok' }), ['a', 'b', 'c']);
    expect(history.some((e) => e.type === 'reject')).toBe(false);
    expect(checkHistory(history, ['delivery', 'ordering']).verdict).toBe('valid');
  });
});
