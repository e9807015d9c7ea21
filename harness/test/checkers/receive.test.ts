import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkReceive } from '../../src/checkers/receive.js';
import { HistoryBuilder } from './historyBuilder.js';

/** Two clients connected, three messages of c0 stored at offsets 1..3. */
function threeStored(): { h: HistoryBuilder; msgs: string[] } {
  const h = new HistoryBuilder();
  h.connect('c0');
  h.connect('c1');
  const msgs = [h.send('c0', 'one'), h.send('c0', 'two'), h.send('c0', 'three')];
  return { h, msgs };
}

describe('checkReceive', () => {
  it('finds nothing wrong when every connected client received every stored offset once, in order', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) {
      h.receive('c0', offset);
      h.receive('c1', offset);
    }
    msgs.forEach((m) => h.store(m));
    expect(checkReceive(buildView(h.build()))).toEqual({
      checker: 'receive',
      verdict: 'valid',
      anomalies: [],
      counts: {
        receives: 6,
        judgedClients: 2,
        unjudgedClients: 0,
        notReconnected: 0,
        receivedUnstored: 0,
        missed: 0,
        'duplicated-delivery': 0,
        'out-of-order-delivery': 0,
      },
      notes: [],
    });
  });

  it('groups the stored offsets a connected client never received into one missed anomaly', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    h.receive('c1', 2);
    h.disconnect('c1');
    const reconnect = h.connect('c1', false);
    const rows = msgs.map((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies).toEqual([
      {
        kind: 'missed',
        guarantee: 'delivered-to-every-client',
        client: 'c1',
        msgs: ['c0-1', 'c0-3'],
        offsets: [1, 3],
        events: [reconnect, rows[0], rows[2]],
        description: 'c1 was connected at the end but never received 2 stored offsets: 1, 3 (c0-1, c0-3)',
      },
    ]);
  });

  it('reports a catch-up that overlaps a live broadcast as duplicated-delivery', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    h.receive('c1', 1);
    h.disconnect('c1', 'transport error');
    h.connect('c1');
    const live = h.at(2000).receive('c1', 2, 'two'); // live broadcast, right after the reconnect
    const catchUp = h.at(2100).receive('c1', 2, 'two'); // catch-up replays from the old serverOffset
    h.receive('c1', 3);
    msgs.forEach((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.anomalies).toEqual([
      {
        kind: 'duplicated-delivery',
        guarantee: 'delivered-at-most-once',
        client: 'c1',
        msgs: ['c0-2'],
        offsets: [2],
        events: [live, catchUp],
        description: 'c1 received offset 2 ("two") twice: at 2.0 s and again at 2.1 s',
      },
    ]);
    expect(result.counts).toMatchObject({ 'duplicated-delivery': 1, 'out-of-order-delivery': 0, missed: 0 });
  });

  it('reports a lower offset received after a higher one as out-of-order-delivery', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    h.receive('c1', 1);
    const high = h.at(1500).receive('c1', 3);
    const low = h.at(1600).receive('c1', 2, 'two');
    msgs.forEach((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.anomalies).toEqual([
      {
        kind: 'out-of-order-delivery',
        guarantee: 'delivered-in-offset-order',
        client: 'c1',
        msgs: ['c0-3', 'c0-2'],
        offsets: [3, 2],
        events: [high, low],
        description: 'c1 received offset 2 ("two") at 1.6 s after offset 3 (at 1.5 s)',
      },
    ]);
  });

  it('judges the receipts of a client disconnected at the end, but not what it missed', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    const first = h.receive('c1', 2);
    const again = h.receive('c1', 2);
    const high = h.receive('c1', 3);
    const low = h.receive('c1', 1);
    h.disconnect('c1', 'io client disconnect');
    msgs.forEach((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => [a.kind, a.client, a.offsets, a.events])).toEqual([
      ['duplicated-delivery', 'c1', [2], [first, again]],
      ['out-of-order-delivery', 'c1', [3, 1], [high, low]],
    ]);
    expect(result.counts).toMatchObject({ judgedClients: 1, unjudgedClients: 1, receives: 7, missed: 0 });
    expect(result.notes).toEqual(['not judged for missed offsets, disconnected at the end: c1']);
  });

  it('does not count a disconnected client, nor one without connection events, as missing offsets', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    h.receive('c1', 2);
    h.disconnect('c1', 'io client disconnect');
    h.receive('observer', 3);
    msgs.forEach((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.verdict).toBe('valid');
    expect(result.counts).toMatchObject({ judgedClients: 1, unjudgedClients: 2, receives: 5 });
  });

  it('is unknown, with the reason, when no client is connected at the end', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    h.disconnect('c0');
    h.disconnect('c1');
    msgs.forEach((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.verdict).toBe('unknown');
    expect(result.anomalies).toEqual([]);
    expect(result.notes[0]).toBe('no client was connected at the end: nothing could be judged missed');
  });

  it('is unknown when a client did not reconnect in the final phase, even with others judged', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    h.receive('c1', 1);
    h.disconnect('c1', 'transport close');
    h.push({ type: 'not-reconnected', t: 900, client: 'c1', waitedMs: 5000 });
    msgs.forEach((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.verdict).toBe('unknown');
    expect(result.counts).toMatchObject({ judgedClients: 1, notReconnected: 1 });
    expect(result.notes).toEqual(['1 client did not reconnect in the final phase, so what it missed cannot be judged: c1']);
  });

  it('judges a client that came back after the final phase stopped waiting for it', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    h.disconnect('c1', 'transport close');
    h.push({ type: 'not-reconnected', t: 900, client: 'c1', waitedMs: 5000 });
    h.connect('c1');
    h.receive('c1', 1);
    msgs.forEach((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => [a.kind, a.client, a.offsets])).toEqual([['missed', 'c1', [2, 3]]]);
    expect(result.counts.notReconnected).toBe(0);
  });

  it('notes a receive of an offset the final read does not hold, without counting it missed', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3, 4]) {
      h.receive('c0', offset);
      h.receive('c1', offset);
    }
    msgs.forEach((m) => h.store(m));
    const result = checkReceive(buildView(h.build()));
    expect(result.verdict).toBe('valid');
    expect(result.counts.receivedUnstored).toBe(2);
    expect(result.notes).toEqual([
      'c0 received 1 offset the final read does not hold (not judged): 4',
      'c1 received 1 offset the final read does not hold (not judged): 4',
    ]);
  });

  it('judges the rows in offset order when the final read was unsorted, and rows without client offset', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    h.receive('c0', 2);
    const row5 = h.store(null, 5);
    h.store(null, 2);
    const row3 = h.store(null, 3);
    const result = checkReceive(buildView(h.build()));
    expect(result.anomalies.map((a) => [a.kind, a.client, a.offsets, a.msgs, a.events])).toEqual([
      ['missed', 'c0', [3, 5], [], [0, row5, row3].sort((x, y) => x - y)],
    ]);
  });

  it('judges what a reloaded page receives afresh: the new document gets every row again, no duplicate, but a repeat after the reload still counts', () => {
    const { h, msgs } = threeStored();
    for (const offset of [1, 2, 3]) h.receive('c0', offset);
    h.receive('c1', 1);
    h.receive('c1', 2);
    h.push({ type: 'page-reload', t: 100, client: 'c1', dropped: 0 });
    h.disconnect('c1');
    h.connect('c1');
    for (const offset of [1, 2, 3]) h.receive('c1', offset);
    msgs.forEach((m) => h.store(m));
    const clean = checkReceive(buildView(h.build()));
    expect(clean.anomalies).toEqual([]);
    expect(clean.verdict).toBe('valid');

    const again = h.receive('c1', 3);
    expect(checkReceive(buildView(h.build())).anomalies.map((a) => [a.kind, a.client, a.offsets, a.events.at(-1)])).toEqual([['duplicated-delivery', 'c1', [3], again]]);
  });
});
