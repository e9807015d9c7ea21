import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import type { Anomaly } from '../../src/checkers/Checker.js';
import type { History, HistoryEvent } from '../../src/history/events.js';
import { placeFault } from '../../src/reporters/faultPlacement.js';
import { chartsModel } from '../../src/reporters/html/chartsModel.js';
import { jsonForScript } from '../../src/reporters/html/escape.js';
import { MARK_KINDS, sampleEvenly, timelineModel } from '../../src/reporters/html/timelineModel.js';
import { messageStory } from '../../src/reporters/messageStory.js';
import { verdictSentence } from '../../src/reporters/verdictWords.js';
import { HistoryBuilder } from '../checkers/historyBuilder.js';
import { resultsFor, validHistory, xssHistory } from './fixtures.js';

function only(anomalies: Anomaly[], kind: Anomaly['kind']): Anomaly {
  const found = anomalies.filter((a) => a.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('messageStory', () => {
  it('tells a duplicated message: sent, unknown outcome, re-sent, acked, stored twice, received by all', () => {
    const history = xssHistory();
    const story = messageStory(buildView(history), only(checkHistory(history).anomalies, 'duplicated'));
    expect(story.steps.map((s) => s.kind)).toEqual([
      'fault', 'sent', 'unknown', 'healed', 'retried', 'acked',
      'received', 'received', 'received', 'received', 'received', 'received', 'stored', 'stored',
    ]);
    expect(story.steps.filter((s) => s.evidence).map((s) => s.kind)).toEqual(['sent', 'unknown', 'retried', 'acked', 'stored', 'stored']);
    expect(story.facts).toEqual([
      {
        msg: 'c1-1', client: 'c1', content: '</script><script>alert(2)</script>', attempts: 2, acked: 'server', ackedAttempt: 2,
        unknownOutcomes: 1, offsets: [1, 2], receivedBy: { c0: 2, c1: 2, c2: 2 }, notReceivedBy: [],
      },
    ]);
    expect(story.steps.find((s) => s.kind === 'stored')!.text).toBe('the final read found c1-1 stored at offset 1');
    expect(story.steps.find((s) => s.kind === 'retried')!.text).toBe('c1 re-sent c1-1 (attempt 2)');
  });

  it('tells a lost message: acked, never stored, received by nobody; the fault on its client is part of it', () => {
    const history = xssHistory();
    const story = messageStory(buildView(history), only(checkHistory(history).anomalies, 'lost'));
    expect(story.steps.map((s) => [s.kind, s.lane])).toEqual([
      ['fault', 'c0'], ['sent', 'c0'], ['acked', 'c0'], ['healed', 'c0'],
    ]);
    expect(story.facts[0]).toMatchObject({ msg: 'c0-1', acked: 'server', offsets: [], receivedBy: {} });
  });

  it('names who missed a stored message', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    h.connect('c1');
    const m = h.send('c0', 'hi');
    h.ok(m);
    h.receive('c0', 1, 'hi');
    h.store(m, 1);
    const history = h.build();
    const story = messageStory(buildView(history), only(checkHistory(history).anomalies, 'missed'));
    expect(story.facts[0]).toMatchObject({ msg: 'c0-1', offsets: [1], receivedBy: { c0: 1 }, notReceivedBy: ['c1'] });
  });

  it('tells a refused message: sent, refused with the server reason, never stored; the timeline marks the refusal', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    const m = h.send('c0', 'so #great');
    const refusal = h.reject(m, 'hashtags are not allowed');
    const history = h.build();
    const anomaly = only(checkHistory(history).anomalies, 'rejected');
    const story = messageStory(buildView(history), anomaly);
    expect(story.steps.map((s) => [s.kind, s.text])).toEqual([
      ['sent', 'c0 sent c0-1 "so #great" (attempt 1)'],
      ['refused', 'the server refused c0-1 (attempt 1): "hashtags are not allowed"'],
    ]);
    expect(story.facts[0]).toMatchObject({ msg: m, refused: 'hashtags are not allowed', offsets: [] });
    const model = timelineModel(buildView(history), new Set(anomaly.events), 100);
    expect(model.marks.filter((mark) => MARK_KINDS[mark[2]] === 'reject').map((mark) => mark[3])).toEqual([refusal]);
  });

  it('says when there is no history to tell it from', () => {
    const anomaly: Anomaly = { kind: 'lost', guarantee: 'stored-at-least-once', msgs: ['c0-1'], offsets: [], events: [3], description: 'x' };
    expect(messageStory(buildView([]), anomaly).missing).toMatch(/not in the report folder/);
    expect(messageStory(buildView(validHistory()), { ...anomaly, events: [999] }).missing).toMatch(/does not hold/);
  });
});

describe('timelineModel', () => {
  /** A long history: `n` messages on 3 clients, every one received by all, with a fault every 500 messages. */
  function longHistory(n: number): { history: History; lost: number[] } {
    const events: HistoryEvent[] = [];
    const lost: number[] = [];
    let t = 0;
    for (let i = 1; i <= n; i++) {
      const client = `c${i % 3}`;
      const msg = `${client}-${i}`;
      if (i % 500 === 0) {
        events.push({ type: 'fault-start', t, id: i, fault: 'latency', params: {}, clients: [client], description: 'slow' });
        events.push({ type: 'fault-end', t: t + 50, id: i, fault: 'latency' });
      }
      events.push({ type: 'invoke', t: (t += 1), client, msg, seq: i, content: 'x', attempt: 1 });
      events.push({ type: 'ok', t: (t += 1), client, msg, attempt: 1, ack: 'server' });
      if (i === 4321) lost.push(events.length - 2, events.length - 1);
      for (const c of ['c0', 'c1', 'c2']) events.push({ type: 'receive', t: (t += 1), client: c, offset: i, content: 'x' });
    }
    events.push({ type: 'final-phase', t });
    return { history: events, lost };
  }

  it('samples a long history to the cap, keeping every anomaly event', () => {
    const { history, lost } = longHistory(6000);
    expect(history.length).toBeGreaterThan(30_000);
    const keep = new Set(lost);
    const model = timelineModel(buildView(history), keep, 5000);
    expect(model.sampled).toBe(true);
    expect(model.marks.length).toBeLessThanOrEqual(5000);
    expect(model.marks.length).toBeGreaterThan(4900);
    for (const i of lost) expect(model.marks.some((m) => m[3] === i)).toBe(true);
    expect(model.bands).toHaveLength(12);
    expect(model.lanes.map((l) => l.name)).toEqual(['c0', 'c1', 'c2', 'server', 'database']);
    // Marks stay in history order, and every kind is one the page knows.
    for (let k = 1; k < model.marks.length; k++) expect(model.marks[k]![3]).toBeGreaterThan(model.marks[k - 1]![3]);
    expect(new Set(model.marks.map((m) => MARK_KINDS[m[2]]))).toEqual(new Set(['invoke', 'ok', 'receive']));
  });

  it('draws every event of a short history, faults on the lanes they hit', () => {
    const model = timelineModel(buildView(xssHistory()), new Set());
    expect(model.sampled).toBe(false);
    expect(model.bands).toEqual([expect.objectContaining({ lanes: [0, 1], kind: 'network', crash: false, end: expect.any(Number) })]);
    expect(model.finalRead).toEqual({ t: expect.any(Number), rows: 3 });
  });

  it('spreads samples evenly', () => {
    expect(sampleEvenly([1, 2, 3, 4, 5], 3)).toEqual([1, 3, 5]);
    expect(sampleEvenly([1, 2], 5)).toEqual([1, 2]);
    expect(sampleEvenly([1, 2, 3], 0)).toEqual([]);
  });
});

describe('placeFault', () => {
  const start = (fault: string, clients: string[] = [], extra: Record<string, unknown> = {}) =>
    placeFault({ type: 'fault-start', t: 0, id: 1, fault, params: {}, clients, description: fault, ...extra });
  it('puts client faults on their lanes, database faults on the database lane, process faults on the server lane', () => {
    expect(start('limit-data', ['c1'])).toEqual({ lanes: ['c1'], kind: 'network', crash: false });
    expect(start('db-latency')).toEqual({ lanes: ['database'], kind: 'database', crash: false });
    expect(start('sqlite-stall')).toEqual({ lanes: ['database'], kind: 'database', crash: false });
    expect(start('crash-at')).toEqual({ lanes: ['server'], kind: 'process', crash: true });
    expect(start('restart')).toEqual({ lanes: ['server'], kind: 'process', crash: true });
    expect(start('client-leave', ['c2'])).toEqual({ lanes: ['c2'], kind: 'client', crash: false });
    expect(start('kill')).toEqual({ lanes: ['server'], kind: 'process', crash: true });
    expect(start('pause')).toEqual({ lanes: ['server'], kind: 'process', crash: false });
    expect(start('whatever', [], { kind: 'database' })).toEqual({ lanes: ['database'], kind: 'database', crash: false });
  });
});

describe('chartsModel', () => {
  it('measures ack latency from the first attempt, and recovery from each heal to the next ack', () => {
    const charts = chartsModel(xssHistory());
    expect(charts.ackLatency.map((p) => p[1])).toEqual([10, 40, 10]);
    expect(charts.recoveries).toEqual([{ id: 1, fault: '</script><script>window.__xss=2</script>', healedAt: 90, ms: 20 }]);
  });
});

describe('verdictSentence', () => {
  it('puts the verdict in words', () => {
    const invalid = resultsFor(xssHistory()).results;
    expect(verdictSentence(invalid)).toBe('1 message was lost: acknowledged by the server but never stored; 1 message was stored more than once.');
    const valid = resultsFor(validHistory()).results;
    expect(verdictSentence({ ...valid, figures: { ...valid.figures, scenarios: 14 } })).toBe('No anomalies in 14 scenarios (2 messages checked).');
    expect(verdictSentence({ ...valid, verdict: 'unknown', error: 'toxiproxy-server not found: run `npm run setup` or set TOXIPROXY_URL' })).toBe(
      'Could not decide: toxiproxy-server not found: run `npm run setup` or set TOXIPROXY_URL.',
    );
    expect(verdictSentence({ ...invalid, verdict: 'unknown', interrupted: true })).toBe(
      'Could not decide: the campaign was interrupted after 1 scenario; it had already found that 1 message was lost: acknowledged by the server but never stored; 1 message was stored more than once.',
    );
    expect(verdictSentence({ ...valid, verdict: 'unknown', unknowns: [{ index: 3, reason: 'a command failed: boom' }] })).toBe(
      'Could not decide: 1 scenario of 1 was undecided (scenario 3: a command failed: boom).',
    );
  });

  it('names a crashed server first, with how it died, and bad rows with their probes', () => {
    const invalid = resultsFor(xssHistory()).results;
    const crashed: Anomaly = {
      kind: 'target-crashed', guarantee: 'target-stays-up', msgs: [], offsets: [], events: [],
      description: 'the target exited with code 1 at 300 ms and siochaos did not stop it: TypeError: callback is not a function; just before, at 0 ms, c0 sent c0-1 "hi"',
    };
    const badRow: Anomaly = {
      kind: 'bad-row-stored', guarantee: 'stores-only-well-formed', msgs: [], offsets: [3], events: [],
      description: 'a malformed payload was stored (missing-offset probe: the client offset left out): c1 sent chat message ["x"] with an ack function, and ...',
    };
    expect(verdictSentence({ ...invalid, anomalies: [...invalid.anomalies, badRow, crashed] })).toBe(
      'The server crashed once (exited with code 1: TypeError: callback is not a function) and siochaos did not stop it; ' +
        '1 message was lost: acknowledged by the server but never stored; 1 message was stored more than once; 1 malformed payload was stored as a row (missing-offset).',
    );
  });
});

describe('jsonForScript', () => {
  it('gives back the same value, with nothing that can end a script element', () => {
    const value = { a: '</script><script>alert(2)</script>', b: '<!-- x -->', c: '\u2028&' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
