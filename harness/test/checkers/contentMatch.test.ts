import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkDelivery } from '../../src/checkers/delivery.js';
import { checkOrdering } from '../../src/checkers/ordering.js';
import { checkReceive } from '../../src/checkers/receive.js';
import { HistoryBuilder } from './historyBuilder.js';

/** Histories of a store that keeps only (id, content): rows are matched to messages by their text. */
describe('rows matched by content (a store without client offsets)', () => {
  it('finds a clean history valid, with no phantom, and says rows were matched by content', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'hello');
    const b = h.send('c1', '<b>hi</b>');
    h.ok(a);
    h.ok(b);
    h.storeText('hello');
    h.storeText('<b>hi</b>');
    const result = checkDelivery(buildView(h.build()));
    expect(result.verdict).toBe('valid');
    expect(result.anomalies).toEqual([]);
    expect(result.counts).toMatchObject({ sent: 2, stored: 2, matchedByContent: 2, phantom: 0, lost: 0 });
    expect(result.notes.join('\n')).toMatch(/rows matched to messages by content/);
    expect(checkOrdering(buildView(h.build())).verdict).toBe('valid');
  });

  it('gives lost for an acked text never stored, and no phantom for the rows that are there', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'one');
    const b = h.send('c0', 'two');
    h.ok(a, 'local');
    h.ok(b, 'local');
    h.storeText('two');
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies.map((x) => [x.kind, x.msgs])).toEqual([['lost', [a]]]);
  });

  it('gives duplicated for a text stored twice, with both offsets', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'twice');
    h.ok(a);
    h.storeText('twice');
    h.storeText('twice');
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies).toMatchObject([{ kind: 'duplicated', msgs: [a], offsets: [1, 2] }]);
  });

  it('gives reordered when a client\'s texts are stored out of its send order', () => {
    const h = new HistoryBuilder();
    const first = h.send('c0', 'first');
    const second = h.send('c0', 'second');
    h.ok(first);
    h.ok(second);
    h.storeText('second');
    h.storeText('first');
    const result = checkOrdering(buildView(h.build()));
    expect(result.anomalies).toMatchObject([{ kind: 'reordered', msgs: [second, first], offsets: [1, 2] }]);
  });

  it('gives phantom for a row whose text no client sent, and says why', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'sent');
    h.ok(a);
    h.storeText('sent');
    h.storeText('never sent');
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies).toHaveLength(1);
    expect(result.anomalies[0]).toMatchObject({ kind: 'phantom', msgs: [], offsets: [2] });
    expect(result.anomalies[0]!.description).toMatch(/no client sent that text .*matched to messages by content/);
  });

  it('still calls a row with no client offset in a store that keeps them a phantom', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'x');
    h.ok(a);
    h.store(a);
    h.store(null, 2, 'x');
    expect(checkDelivery(buildView(h.build())).anomalies.map((x) => x.kind)).toEqual(['phantom']);
  });

  it('matches a text sent by two messages to the first, and says so', () => {
    const h = new HistoryBuilder();
    const a = h.send('c0', 'same');
    const b = h.send('c1', 'same');
    h.ok(a);
    h.ok(b);
    h.storeText('same');
    h.storeText('same');
    const result = checkDelivery(buildView(h.build()));
    expect(result.anomalies.map((x) => [x.kind, x.msgs])).toEqual([
      ['duplicated', [a]],
      ['lost', [b]],
    ]);
    expect(result.notes.join('\n')).toMatch(/1 text sent as more than one message/);
  });

  it('names the message a client missed by the text its row holds', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    h.connect('c1');
    const a = h.send('c0', 'alpha');
    const b = h.send('c0', 'beta');
    h.ok(a);
    h.ok(b);
    h.receive('c0', 1, 'alpha');
    h.receive('c0', 2, 'beta');
    h.receive('c1', 2, 'beta');
    h.storeText('alpha');
    h.storeText('beta');
    const result = checkReceive(buildView(h.build()));
    expect(result.anomalies.map((x) => [x.kind, x.client, x.msgs, x.offsets])).toEqual([['missed', 'c1', [a], [1]]]);
  });
});
