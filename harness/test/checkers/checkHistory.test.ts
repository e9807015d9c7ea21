import { describe, expect, it } from 'vitest';
import type { Checker } from '../../src/checkers/Checker.js';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import { builtinCheckerNames, checkerRegistry } from '../../src/checkers/registry.js';
import { HistoryBuilder } from './historyBuilder.js';

/** c0 sends two messages, both acked and stored, c0 and c1 receive both. */
function clean(): HistoryBuilder {
  const h = new HistoryBuilder();
  h.connect('c0');
  h.connect('c1');
  const a = h.send('c0', 'hello');
  h.ok(a);
  const b = h.send('c0', 'world');
  h.ok(b);
  for (const offset of [1, 2]) {
    h.receive('c0', offset);
    h.receive('c1', offset);
  }
  h.store(a);
  h.store(b);
  return h;
}

describe('checkHistory', () => {
  it('runs delivery, ordering, receive, crash and robustness by default and finds a clean history valid', () => {
    const result = checkHistory(clean().build());
    expect(builtinCheckerNames).toEqual(['delivery', 'ordering', 'receive', 'crash', 'robustness']);
    expect(result.results.map((r) => [r.checker, r.verdict])).toEqual([
      ['delivery', 'valid'],
      ['ordering', 'valid'],
      ['receive', 'valid'],
      ['crash', 'valid'],
      ['robustness', 'valid'],
    ]);
    expect(result.verdict).toBe('valid');
    expect(result.anomalies).toEqual([]);
    expect(result.counts).toEqual({
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
      reordered: 0,
      orderedClients: 1,
      receives: 4,
      judgedClients: 2,
      unjudgedClients: 0,
      notReconnected: 0,
      receivedUnstored: 0,
      missed: 0,
      'duplicated-delivery': 0,
      'out-of-order-delivery': 0,
      targetExits: 0,
      probes: 0,
      probeRows: 0,
      badRows: 0,
    });
  });

  it('is unknown when a message is pending and nothing is wrong, with the note prefixed by its checker', () => {
    const h = clean();
    h.send('c1', 'in flight');
    const result = checkHistory(h.build());
    expect(result.verdict).toBe('unknown');
    expect(result.notes).toEqual(['delivery: 1 message still pending (outcome unknown, not stored): c1-1']);
  });

  it('is invalid with the anomalies of every checker, in checker order', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    const first = h.send('c0', 'first');
    h.info(first);
    const second = h.send('c0', 'second');
    h.ok(second);
    h.retry(first);
    h.ok(first);
    h.send('c0', 'pending');
    h.receive('c0', 1);
    h.store(second);
    h.store(first);
    const result = checkHistory(h.build());
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies.map((a) => [a.kind, a.client, a.msgs, a.offsets])).toEqual([
      ['reordered', 'c0', ['c0-2', 'c0-1'], [1, 2]],
      ['missed', 'c0', ['c0-1'], [2]],
    ]);
    expect(result.counts).toMatchObject({ reordered: 1, missed: 1, pending: 1 });
  });

  it('runs only the checkers named, and custom checkers', () => {
    const h = new HistoryBuilder();
    const first = h.send('c0', 'first');
    const second = h.send('c0', 'second');
    h.ok(first);
    h.ok(second);
    h.store(second);
    h.store(first);
    const history = h.build();
    expect(checkHistory(history, ['delivery', 'receive']).verdict).toBe('valid');
    expect(checkHistory(history, ['ordering']).verdict).toBe('invalid');

    const custom: Checker = {
      name: 'custom',
      check: () => ({ checker: 'custom', verdict: 'unknown', anomalies: [], counts: { stored: 5 }, notes: ['why'] }),
    };
    const result = checkHistory(history, ['delivery', custom]);
    expect(result.verdict).toBe('unknown');
    expect(result.counts.stored).toBe(7);
    expect(result.notes).toEqual(['custom: why']);
    expect(checkerRegistry.delivery.name).toBe('delivery');
  });

  it('says which checkers exist when given an unknown name', () => {
    const unknownName = 'toString' as unknown as 'delivery';
    expect(() => checkHistory([], [unknownName])).toThrow(
      'unknown checker "toString": use one of delivery, ordering, receive, crash, robustness or pass a Checker object',
    );
  });
});
