import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkDelivery } from '../../src/checkers/delivery.js';
import { UNANSWERED_FOR_MS, UNANSWERED_RESENDS, unansweredForMs } from '../../src/checkers/resendsAfterHeal.js';
import { HistoryBuilder } from './historyBuilder.js';

describe('checkDelivery', () => {
  it('finds nothing wrong in a clean history and counts it', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    const a = h.send('c0', 'hello');
    h.ok(a);
    const b = h.send('c0', 'world');
    h.ok(b);
    h.store(a);
    h.store(b);
    const result = checkDelivery(buildView(h.build()));
    expect(result).toEqual({
      checker: 'delivery',
      verdict: 'valid',
      anomalies: [],
      counts: {
        sent: 2,
        attempts: 2,
        acked: 2,
        gaveUp: 0,
        refused: 0,
        unknown: 0,
        pending: 0,
        recovered: 0,
        ackedAfterInfo: 0,
        stored: 2,
        lost: 0,
        abandoned: 0,
        rejected: 0,
        duplicated: 0,
        phantom: 0,
        unacknowledged: 0,
      },
      notes: [],
    });
  });

  it('reports a message acknowledged by the server but never stored as lost', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'first');
    h.ok(a);
    const lost = h.at(1200).send('c0', 'hello');
    const invoke = h.last;
    h.faultStart('db-stall');
    const ok = h.at(1234).ok(lost);
    h.store(a);
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies).toEqual([
      {
        kind: 'lost',
        guarantee: 'stored-at-least-once',
        client: 'c0',
        msgs: ['c0-2'],
        offsets: [],
        events: [invoke, ok],
        description: 'c0-2 ("hello") was acknowledged by the server at 1.2 s but never stored',
      },
    ]);
    expect(result.counts.lost).toBe(1);
  });

  it('reports an at-most-once message with only a local ok that is not stored as lost', () => {
    const h = new HistoryBuilder();
    const m = h.send('c1', 'fire and forget');
    const ok = h.at(50).ok(m, 'local');
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies).toEqual([
      {
        kind: 'lost',
        guarantee: 'stored-at-least-once',
        client: 'c1',
        msgs: ['c1-1'],
        offsets: [],
        events: [0, ok],
        description: 'c1-1 ("fire and forget") was acknowledged locally (the emit returned, no server ack) at 50 ms but never stored',
      },
    ]);
    expect(result.verdict).toBe('invalid');
  });

  it('reports a message the client gave up on and that is not stored as abandoned, with every attempt', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'hi');
    const info1 = h.info(m);
    const retry = h.retry(m);
    const info2 = h.info(m);
    const fail = h.at(3000).fail(m, 'retries exhausted');
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies).toEqual([
      {
        kind: 'abandoned',
        guarantee: 'stored-at-least-once',
        client: 'c0',
        msgs: ['c0-1'],
        offsets: [],
        events: [0, info1, retry, info2, fail],
        description: 'c0-1 ("hi") was given up by c0 at 3.0 s after 2 attempts (retries exhausted) and never stored',
      },
    ]);
    expect(result.counts).toMatchObject({ sent: 1, attempts: 2, gaveUp: 1, abandoned: 1, acked: 0 });
  });

  it('reports a message stored twice as duplicated with both offsets', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'twice');
    h.info(m);
    h.retry(m);
    h.ok(m);
    const other = h.send('c1', 'once');
    h.ok(other);
    const row1 = h.store(m, 4);
    h.store(other, 5);
    const row2 = h.store(m, 9);
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies).toEqual([
      {
        kind: 'duplicated',
        guarantee: 'stored-at-most-once',
        client: 'c0',
        msgs: ['c0-1'],
        offsets: [4, 9],
        events: [0, 1, 2, 3, row1, row2],
        description: 'c0-1 ("twice") was stored 2 times, at offsets 4, 9',
      },
    ]);
    expect(result.counts).toMatchObject({ duplicated: 1, stored: 3, recovered: 0 });
  });

  it('reports rows no client sent as phantom: a row without client offset, and one with an offset never invoked', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'real');
    h.ok(m);
    h.store(m, 1);
    const anonymous = h.store(null, 2, 'injected');
    const ghost = h.store('c9-1', 3, 'ghost');
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies).toEqual([
      {
        kind: 'phantom',
        guarantee: 'stored-only-if-sent',
        msgs: ['c9-1'],
        offsets: [3],
        events: [ghost],
        description: 'c9-1 ("ghost") was stored at offset 3 but no client ever sent it',
      },
      {
        kind: 'phantom',
        guarantee: 'stored-only-if-sent',
        msgs: [],
        offsets: [2],
        events: [anonymous],
        description: 'offset 2 ("injected") was stored with no client offset, so no client sent it',
      },
    ]);
    expect(result.counts).toMatchObject({ phantom: 2, sent: 1 });
  });

  it('counts a message whose ack timed out but which was stored as recovered, and stays valid', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'slow');
    h.info(m, 'ack timeout');
    h.store(m);
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('valid');
    expect(result.anomalies).toEqual([]);
    expect(result.counts).toMatchObject({ unknown: 1, recovered: 1, pending: 0, acked: 0 });
    expect(result.notes).toEqual([
      '1 message with an unknown outcome or given up found stored once (recovered, not an error): c0-1 (unknown)',
    ]);
  });

  it('reports a message the server refused and did not store as rejected, with the reason, not as abandoned', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    const kept = h.send('c0', 'fine');
    h.ok(kept);
    const m = h.send('c0', 'refused');
    const reject = h.at(1200).reject(m, 'content not allowed');
    h.store(kept);
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies).toEqual([
      {
        kind: 'rejected',
        guarantee: 'stored-at-least-once',
        client: 'c0',
        msgs: [m],
        offsets: [],
        events: [3, reject],
        reason: 'content not allowed',
        description: 'c0-2 ("refused") was refused by the server at 1.2 s (attempt 1: "content not allowed") and never stored',
      },
    ]);
    expect(result.counts).toMatchObject({ sent: 2, acked: 1, refused: 1, gaveUp: 0, rejected: 1, abandoned: 0 });
  });

  it('counts a retry refused as already stored, with the message stored once, as recovered', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'twice');
    h.info(m);
    h.retry(m);
    h.reject(m, 'duplicate client offset');
    h.store(m);
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('valid');
    expect(result.counts).toMatchObject({ refused: 1, recovered: 1, rejected: 0 });
    expect(result.notes).toEqual(['1 message with an unknown outcome or given up found stored once (recovered, not an error): c0-1 (refused)']);
  });

  it('counts a message given up on but stored once as recovered', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'late');
    h.info(m);
    h.fail(m);
    h.store(m);
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('valid');
    expect(result.counts).toMatchObject({ gaveUp: 1, recovered: 1, abandoned: 0 });
  });

  describe('unacknowledged: stored, re-sent after the heal on a live connection, never acked', () => {
    /** c0 sends `stuck`, which is stored; after the heal it re-sends it `resends` times, `gapMs` apart, then the history ends 1 s later. */
    function stuckHistory(resends: number, options: { disconnectAfter?: boolean; gaveUp?: boolean; gapMs?: number; ackTimeoutMs?: number } = {}) {
      const h = new HistoryBuilder();
      if (options.ackTimeoutMs !== undefined) h.add({ type: 'strategy', name: 'queued-retry', ackTimeoutMs: options.ackTimeoutMs, retries: 3 });
      h.connect('c0');
      const m = h.send('c0', 'stuck');
      h.info(m, 'ack timeout');
      h.at(500).healed();
      const resent: number[] = [];
      const gap = options.gapMs ?? 1000;
      for (let i = 0; i < resends; i++) {
        h.at(600 + i * gap).retry(m);
        resent.push(h.last);
        h.info(m, 'ack timeout');
      }
      if (options.disconnectAfter) h.disconnect('c0');
      if (options.gaveUp) h.fail(m);
      h.at(600 + resends * gap).store(m);
      return { history: h.build(), msg: m, resent };
    }

    it(`reports a stored message re-sent ${UNANSWERED_RESENDS} times after the heal with no ack, with its events`, () => {
      const { history, msg, resent } = stuckHistory(UNANSWERED_RESENDS);
      const result = checkDelivery(buildView(history));
      expect(result.verdict).toBe('invalid');
      expect(result.anomalies).toHaveLength(1);
      const [anomaly] = result.anomalies;
      expect(anomaly).toMatchObject({ kind: 'unacknowledged', guarantee: 'acknowledged-once-stored', client: 'c0', msgs: [msg], offsets: [1] });
      expect(anomaly!.events).toEqual(expect.arrayContaining(resent));
      expect(anomaly!.description).toBe(
        `${msg} ("stuck") was stored at offset 1, but c0 re-sent it 3 times after every fault was healed, on a connection that stayed up, and never got an ack`,
      );
      expect(result.counts).toMatchObject({ unacknowledged: 1, recovered: 0 });
    });

    it('also when the client gave up in the end, and says so', () => {
      const result = checkDelivery(buildView(stuckHistory(5, { gaveUp: true }).history));
      expect(result.anomalies.map((a) => a.kind)).toEqual(['unacknowledged']);
      expect(result.anomalies[0]!.description).toMatch(/re-sent it 5 times .* never got an ack, then gave up at/);
    });

    it(`counts re-sends unanswered for less than ${UNANSWERED_FOR_MS} ms as recovered (slow acks on a loaded machine)`, () => {
      const result = checkDelivery(buildView(stuckHistory(10, { gapMs: 100 }).history));
      expect(result.anomalies).toEqual([]);
      expect(result.counts).toMatchObject({ unacknowledged: 0, recovered: 1 });
    });

    it('scales with the ack timeout the strategy event records: re-sends must span two of its ack timeouts', () => {
      // 10 s ack timeout: 3 re-sends 1 s apart (span 3 s) are not enough; 10 s apart (span 30 s) are.
      expect(checkDelivery(buildView(stuckHistory(UNANSWERED_RESENDS, { ackTimeoutMs: 10_000, gapMs: 1000 }).history)).counts).toMatchObject({ unacknowledged: 0, recovered: 1 });
      const slow = checkDelivery(buildView(stuckHistory(UNANSWERED_RESENDS, { ackTimeoutMs: 10_000, gapMs: 10_000 }).history));
      expect(slow.anomalies.map((a) => a.kind)).toEqual(['unacknowledged']);
      // A short ack timeout keeps the 2 s floor.
      expect(checkDelivery(buildView(stuckHistory(10, { ackTimeoutMs: 100, gapMs: 100 }).history)).counts).toMatchObject({ unacknowledged: 0 });
      expect(unansweredForMs(10_000)).toBe(20_000);
      expect(unansweredForMs(undefined)).toBe(UNANSWERED_FOR_MS);
    });

    it('counts one re-send fewer when the client then gave up (its retries ran out), over two of its ack timeouts', () => {
      // What a 10 s ack timeout and 3 retries give: 2 re-sends after the heal, 10 s apart, then the client gives up.
      const gaveUp = checkDelivery(buildView(stuckHistory(UNANSWERED_RESENDS - 1, { ackTimeoutMs: 10_000, gapMs: 10_000, gaveUp: true }).history));
      expect(gaveUp.anomalies.map((a) => a.kind)).toEqual(['unacknowledged']);
      expect(gaveUp.anomalies[0]!.description).toMatch(/re-sent it 2 times .* never got an ack, then gave up at/);
      // Without the give-up an ack may still be on its way; with only one re-send the evidence is too short.
      expect(checkDelivery(buildView(stuckHistory(UNANSWERED_RESENDS - 1, { ackTimeoutMs: 10_000, gapMs: 10_000 }).history)).counts).toMatchObject({ unacknowledged: 0 });
      expect(checkDelivery(buildView(stuckHistory(1, { ackTimeoutMs: 10_000, gapMs: 10_000, gaveUp: true }).history)).counts).toMatchObject({ unacknowledged: 0 });
    });

    it(`counts fewer than ${UNANSWERED_RESENDS} unanswered re-sends as recovered (an ack may still be on its way)`, () => {
      const result = checkDelivery(buildView(stuckHistory(UNANSWERED_RESENDS - 1).history));
      expect(result.verdict).toBe('valid');
      expect(result.counts).toMatchObject({ unacknowledged: 0, recovered: 1 });
    });

    it('does not count re-sends on a connection that dropped afterwards (they may never have reached the server)', () => {
      const result = checkDelivery(buildView(stuckHistory(10, { disconnectAfter: true }).history));
      expect(result.anomalies).toEqual([]);
      expect(result.counts).toMatchObject({ unacknowledged: 0, recovered: 1 });
    });

    it('does not count re-sends made before the heal, nor any without a healed event', () => {
      const h = new HistoryBuilder();
      const m = h.send('c0', 'during a fault');
      for (let i = 0; i < 10; i++) h.at(i * 1000).retry(m);
      h.healed();
      h.at(20_000).store(m);
      expect(checkDelivery(buildView(h.build())).anomalies).toEqual([]);
      const old = new HistoryBuilder();
      const n = old.send('c0', 'old history');
      for (let i = 0; i < 10; i++) old.at(i * 1000).retry(n);
      old.at(20_000).store(n);
      expect(checkDelivery(buildView(old.build())).counts).toMatchObject({ unacknowledged: 0, recovered: 1 });
    });

    it('does not flag a message acked in the end, however many re-sends it took', () => {
      const h = new HistoryBuilder();
      const m = h.send('c0', 'slow');
      h.healed();
      for (let i = 0; i < 10; i++) h.at(i * 1000).retry(m);
      h.ok(m, 'server', 11);
      h.store(m);
      expect(checkDelivery(buildView(h.build())).verdict).toBe('valid');
    });
  });

  it('treats an ack that arrives after the ack timeout as acked (same attempt, and on a retry)', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'late ack');
    h.info(a, 'ack timeout');
    h.ok(a, 'server', 1);
    const b = h.send('c0', 'late ack on retry');
    h.info(b, 'ack timeout');
    h.retry(b);
    h.ok(b, 'server', 1);
    h.store(a);
    h.store(b);
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('valid');
    expect(result.counts).toMatchObject({ acked: 2, unknown: 0, recovered: 0, ackedAfterInfo: 2, attempts: 3 });
    expect(result.notes).toEqual([]);
  });

  it('reports a late-acked message that was never stored as lost', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'late');
    h.info(m);
    const ok = h.ok(m);
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies.map((a) => [a.kind, a.msgs, a.events])).toEqual([['lost', ['c0-1'], [0, 1, ok]]]);
  });

  it('gives verdict unknown with a note naming the pending messages', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'ok');
    h.ok(a);
    const p1 = h.send('c0', 'pending');
    h.info(p1);
    h.send('c1', 'in flight');
    h.store(a);
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('unknown');
    expect(result.anomalies).toEqual([]);
    expect(result.counts).toMatchObject({ unknown: 2, pending: 2, recovered: 0 });
    expect(result.notes).toEqual(['2 messages still pending (outcome unknown, not stored): c0-2, c1-1']);
  });

  it('is invalid, not unknown, when pending messages come with a real anomaly', () => {
    const h = new HistoryBuilder();
    h.send('c0', 'pending');
    const lost = h.send('c0', 'lost');
    h.ok(lost);
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => a.kind)).toEqual(['lost']);
    expect(result.notes[0]).toBe('1 message still pending (outcome unknown, not stored): c0-1');
  });

  it('does not flag a message its client still had queued when it left for good, but does flag one given up otherwise', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    const queued = h.send('c0', 'queued when c0 left');
    const abandoned = h.send('c0', 'gave up');
    h.fail(abandoned);
    const fail = h.fail(queued, 'its client left for good with it queued');
    const history = h.build().map((e, i) => (i === fail && e.type === 'fail' ? { ...e, cause: 'client-left' as const } : e));
    const result = checkDelivery(buildView(history));
    expect(result.anomalies.map((a) => [a.kind, a.msgs])).toEqual([['abandoned', [abandoned]]]);
    expect(result.notes.join(' ')).toContain(`still queued when their client left for good, not stored (not an error): ${queued}`);
  });

  it('does not flag a message a page reload dropped (cause page-reloaded): a note says so', () => {
    const h = new HistoryBuilder();
    h.connect('c1');
    const dropped = h.send('c1', 'typed, then the page reloaded');
    const fail = h.fail(dropped, 'typed, but the page was reloaded before it put it on the wire');
    const history = h.build().map((e, i) => (i === fail && e.type === 'fail' ? { ...e, cause: 'page-reloaded' as const } : e));
    const result = checkDelivery(buildView(history));
    expect(result.anomalies).toEqual([]);
    expect(result.verdict).toBe('valid');
    expect(result.notes.join(' ')).toContain(`1 message dropped by a page reload (not acknowledged, or typed and never on the wire), not stored (not an error): ${dropped}`);
  });
});
