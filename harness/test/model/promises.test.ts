/**
 * What the strategies, protocols and targets promise decides which anomaly
 * kinds a campaign judges: each promise, made or not, changes the kinds, and
 * a kind not judged is never reported (ack-retry's `reordered` was a false alarm).
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import { checkerRegistry } from '../../src/checkers/registry.js';
import { ackRetry } from '../../src/clients/strategies/ackRetry.js';
import { atMostOnce } from '../../src/clients/strategies/atMostOnce.js';
import { queuedRetry } from '../../src/clients/strategies/queuedRetry.js';
import { campaignPromises, unjudgedIn, type PromisingParts } from '../../src/core/campaignPromises.js';
import { ANOMALY_KINDS } from '../../src/model/anomalies.js';
import { PROMISES_EVERYTHING, unjudgedKinds, type CampaignPromises, type ClientPromises } from '../../src/model/promises.js';
import { protocolFromFields } from '../../src/protocol/configurable.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { verdictSentence, type VerdictFacts } from '../../src/reporters/verdictWords.js';
import type { Target } from '../../src/target/Target.js';
import { urlTarget } from '../../src/target/urlTarget.js';
import { HistoryBuilder } from '../checkers/historyBuilder.js';

const options = { ackTimeoutMs: 1000, retries: Infinity };

/** A target that owns its process and has a store, as the reference server and command targets do. */
const ownTarget: Target = {
  name: 'own',
  promises: { store: true, process: true },
  start: async () => ({ host: '127.0.0.1', port: 1 }),
  readStore: async () => [],
  stop: async () => {},
};

function parts(more: Partial<PromisingParts> = {}): PromisingParts {
  return { strategy: queuedRetry(options), protocol: tutorialProtocol, target: ownTarget, storeRead: true, ...more };
}

function kinds(p: PromisingParts): string[] {
  return unjudgedIn(p).map((u) => u.kind);
}

/** c0 sent "first" then "second"; "first" timed out, was retried, and was stored after "second". */
function reorderingHistory() {
  const h = new HistoryBuilder();
  const first = h.send('c0', 'first');
  h.info(first, 'ack timeout');
  const second = h.send('c0', 'second');
  h.ok(second);
  h.retry(first);
  h.ok(first);
  h.store(second, 1);
  h.store(first, 2);
  return h.build();
}

describe('the campaign judges what the promises allow', () => {
  it('ack-retry does not promise send order: a reordering history is valid for it, with a note saying why', () => {
    const unjudged = unjudgedIn(parts({ strategy: ackRetry(options) }));
    expect(unjudged).toEqual([{ kind: 'reordered', why: 'the ack-retry strategy does not promise send order' }]);
    const check = checkHistory(reorderingHistory(), undefined, unjudged);
    expect(check.verdict).toBe('valid');
    expect(check.anomalies).toEqual([]);
    expect(check.results.map((r) => r.checker)).not.toContain('ordering');
    expect(check.notes).toContain('not judged: reordered (the ack-retry strategy does not promise send order)');
  });

  it('queued-retry promises send order: the same history is invalid, reordered', () => {
    const unjudged = unjudgedIn(parts());
    expect(unjudged).toEqual([]);
    const check = checkHistory(reorderingHistory(), undefined, unjudged);
    expect(check.verdict).toBe('invalid');
    expect(check.anomalies.map((a) => a.kind)).toEqual(['reordered']);
  });

  it('at-most-once waits for no server ack: rejected and unacknowledged are not judged', () => {
    expect(unjudgedIn(parts({ strategy: atMostOnce(options) }))).toEqual([
      { kind: 'rejected', why: "the at-most-once strategy does not wait for the server's ack" },
      { kind: 'unacknowledged', why: "the at-most-once strategy does not wait for the server's ack" },
    ]);
  });

  it('retries: a strategy that never re-sends cannot show unacknowledged; bounded or unlimited retries can', () => {
    expect(kinds(parts({ strategy: queuedRetry({ ...options, retries: 0 }) }))).toEqual(['unacknowledged']);
    expect(kinds(parts({ strategy: queuedRetry({ ...options, retries: 3 }) }))).toEqual([]);
    expect(kinds(parts({ strategy: ackRetry({ ...options, retries: 0 }) }))).toEqual(['reordered', 'unacknowledged']);
  });

  it('a protocol without a negative ack cannot show rejected', () => {
    expect(kinds(parts({ protocol: { ...tutorialProtocol, promises: { refusals: false } } }))).toEqual(['rejected']);
    expect(kinds(parts({ protocol: protocolFromFields({ ackOkField: 'ok' }) }))).toEqual([]);
  });

  it('a url target runs no process siochaos watches: target-crashed is not judged, and the crash checker does not run', () => {
    const url = urlTarget({ kind: 'url', url: 'http://127.0.0.1:3000' }, () => ({ description: 'rows', read: async () => [] }));
    const unjudged = unjudgedIn(parts({ target: url }));
    expect(unjudged).toEqual([{ kind: 'target-crashed', why: 'the url http://127.0.0.1:3000 target runs no process siochaos watches' }]);
    expect(checkHistory(reorderingHistory(), undefined, unjudged).results.map((r) => r.checker)).toEqual(['delivery', 'ordering', 'receive', 'robustness']);
  });

  it('a campaign with store kind none judges no send-side kind: delivery and ordering do not run (as runCampaign chose by hand before)', () => {
    const unjudged = unjudgedIn(parts({ storeRead: false }));
    expect(unjudged.map((u) => u.kind)).toEqual(['lost', 'abandoned', 'rejected', 'duplicated', 'reordered', 'phantom', 'unacknowledged']);
    expect(new Set(unjudged.map((u) => u.why))).toEqual(new Set(['a campaign with store kind none has no store siochaos reads']));
    expect(checkHistory(reorderingHistory(), undefined, unjudged).results.map((r) => r.checker)).toEqual(['receive', 'crash', 'robustness']);
  });

  it('pages promise what siochaos cannot know, so beside them a kind one strategy leaves out is judged', () => {
    expect(kinds(parts({ strategy: ackRetry(options), pages: true }))).toEqual([]);
    expect(campaignPromises(parts({ strategy: undefined, pages: true })).clients).toEqual([{ by: 'the pages', promises: PROMISES_EVERYTHING }]);
  });

  it('a strategy that declares nothing is taken to promise everything', () => {
    const { promises: _dropped, ...undeclared } = ackRetry(options);
    expect(kinds(parts({ strategy: undeclared }))).toEqual([]);
  });

  it('an anomaly of a kind not judged that a running checker still finds is set aside, and the checker is unknown', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'hello');
    h.ok(m);
    const check = checkHistory(h.build(), ['delivery'], [{ kind: 'lost', why: 'test' }]);
    expect(check.anomalies).toEqual([]);
    expect(check.verdict).toBe('unknown');
    expect(check.notes).toEqual(['delivery: found lost, which is not judged: set aside', 'not judged: lost (test)']);
  });

  it('every promise withheld rules out exactly the kinds that need it', () => {
    const all: CampaignPromises = {
      clients: [{ by: 'c', promises: PROMISES_EVERYTHING }],
      protocol: { by: 'p', promises: { refusals: true } },
      target: { by: 't', promises: { store: true, process: true } },
    };
    expect(unjudgedKinds(all)).toEqual([]);
    const client = (promises: Partial<ClientPromises>) => unjudgedKinds({ ...all, clients: [{ by: 'c', promises: { ...PROMISES_EVERYTHING, ...promises } }] }).map((u) => u.kind);
    expect(client({ ordered: false })).toEqual(['reordered']);
    expect(client({ retries: 'none' })).toEqual(['unacknowledged']);
    expect(client({ retries: 'unlimited' })).toEqual([]);
    expect(client({ ack: 'local' })).toEqual(['rejected', 'unacknowledged']);
    expect(unjudgedKinds({ ...all, protocol: { by: 'p', promises: { refusals: false } } }).map((u) => u.kind)).toEqual(['rejected']);
    expect(unjudgedKinds({ ...all, target: { by: 't', promises: { store: true, process: false } } }).map((u) => u.kind)).toEqual(['target-crashed']);
    expect(unjudgedKinds({ ...all, target: { by: 't', promises: { store: false, process: true } } }).length).toBe(7);
  });

  it("a valid campaign's verdict sentence says which kinds it did not judge, and why", () => {
    const figures = { scenarios: 3, messagesSent: 12 } as VerdictFacts['figures'];
    const facts: VerdictFacts = { verdict: 'valid', interrupted: false, anomalies: [], unknowns: [], figures };
    expect(verdictSentence(facts)).toBe('No anomalies in 3 scenarios (12 messages checked).');
    const notJudged = unjudgedIn(parts({ strategy: ackRetry(options) }));
    expect(verdictSentence({ ...facts, notJudged })).toBe(
      'No anomalies in 3 scenarios (12 messages checked); not judged: reordered (the ack-retry strategy does not promise send order).',
    );
  });

  it('the built-in checkers report every kind of the contract, each kind from one checker', () => {
    const reported = Object.values(checkerRegistry).flatMap((c) => [...c.kinds]);
    expect([...reported].sort()).toEqual([...ANOMALY_KINDS].sort());
  });
});
