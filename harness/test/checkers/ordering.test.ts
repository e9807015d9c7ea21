import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkOrdering } from '../../src/checkers/ordering.js';
import { HistoryBuilder } from './historyBuilder.js';

describe('checkOrdering', () => {
  it('reports a retry stored after a later message as reordered', () => {
    const h = new HistoryBuilder();
    const first = h.send('c0', 'first'); // 0
    h.info(first, 'ack timeout'); // 1
    const second = h.send('c0', 'second'); // 2
    h.ok(second); // 3
    h.retry(first); // 4
    h.ok(first); // 5
    const row1 = h.store(second, 1);
    const row2 = h.store(first, 2);
    const result = checkOrdering(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies).toEqual([
      {
        kind: 'reordered',
        guarantee: 'stored-in-send-order',
        client: 'c0',
        msgs: ['c0-2', 'c0-1'],
        offsets: [1, 2],
        events: [0, 1, 2, 3, 4, 5, row1, row2],
        description:
          'c0-2 ("second", sent #2) was stored at offset 1 before c0-1 ("first", sent #1) at offset 2, which c0 sent first',
      },
    ]);
    expect(result.counts).toEqual({ reordered: 1, orderedClients: 1 });
  });

  it('accepts interleaved clients each stored in its own send order', () => {
    const h = new HistoryBuilder();
    const a1 = h.send('a', 'a1');
    const b1 = h.send('b', 'b1');
    const a2 = h.send('a', 'a2');
    const b2 = h.send('b', 'b2');
    for (const m of [a1, b1, a2, b2]) h.ok(m);
    h.store(b1);
    h.store(a1);
    h.store(b2);
    h.store(a2);
    const result = checkOrdering(buildView(h.build()));
    expect(result).toEqual({ checker: 'ordering', verdict: 'valid', anomalies: [], counts: { reordered: 0, orderedClients: 2 }, notes: [] });
  });

  it('reports each message stored below the highest seq so far, paired with that message', () => {
    const h = new HistoryBuilder();
    const m1 = h.send('c0', 'one');
    const m2 = h.send('c0', 'two');
    const m3 = h.send('c0', 'three');
    h.store(m3, 10);
    h.store(m1, 11);
    h.store(m2, 12);
    const result = checkOrdering(buildView(h.build()));
    expect(result.anomalies.map((a) => ({ msgs: a.msgs, offsets: a.offsets, client: a.client }))).toEqual([
      { msgs: ['c0-3', 'c0-1'], offsets: [10, 11], client: 'c0' },
      { msgs: ['c0-3', 'c0-2'], offsets: [10, 12], client: 'c0' },
    ]);
  });

  it('uses only the first occurrence of a duplicated message', () => {
    const h = new HistoryBuilder();
    const m1 = h.send('c0', 'one');
    const m2 = h.send('c0', 'two');
    h.store(m1);
    h.store(m2);
    h.store(m1);
    expect(checkOrdering(buildView(h.build())).anomalies).toEqual([]);
  });

  it('walks rows in offset order even when the final read returned them unsorted', () => {
    const h = new HistoryBuilder();
    const m1 = h.send('c0', 'one');
    const m2 = h.send('c0', 'two');
    const m3 = h.send('c0', 'three');
    h.store(m3, 3);
    h.store(m1, 1);
    h.store(m2, 2);
    expect(checkOrdering(buildView(h.build())).verdict).toBe('valid');

    const g = new HistoryBuilder();
    const n1 = g.send('c0', 'one');
    const n2 = g.send('c0', 'two');
    g.store(n1, 2);
    g.store(n2, 1);
    expect(checkOrdering(buildView(g.build())).anomalies.map((a) => [a.msgs, a.offsets])).toEqual([[['c0-2', 'c0-1'], [1, 2]]]);
  });

  it('ignores rows of messages no client sent', () => {
    const h = new HistoryBuilder();
    const m1 = h.send('c0', 'one');
    h.store(null, 1);
    h.store('c0-9', 2);
    h.store(m1, 3);
    expect(checkOrdering(buildView(h.build())).anomalies).toEqual([]);
  });
});
