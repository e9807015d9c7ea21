import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkerRegistry } from '../../src/checkers/registry.js';
import { checkReceive } from '../../src/checkers/receive.js';
import { judgePageViews } from '../../src/checkers/pageView.js';
import type { History } from '../../src/history/events.js';
import { HistoryBuilder } from './historyBuilder.js';

const check = (history: History) => checkerRegistry.receive.check(buildView(history));

/** c0 a Node client, c1 a page, both connected; c0's 'one', 'two', 'three' stored at offsets 1..3 and received by c0. */
function threeStored(): { h: HistoryBuilder; msgs: string[] } {
  const h = new HistoryBuilder();
  h.connect('c0');
  h.connect('c1');
  const msgs = [h.send('c0', 'one'), h.send('c0', 'two'), h.send('c0', 'three')];
  for (const [i, text] of ['one', 'two', 'three'].entries()) h.receive('c0', i + 1, text);
  return { h, msgs };
}

describe('the receive checker on pages: judged on what the page shows', () => {
  it('catches a page that shows a message twice while the wire delivered it once', () => {
    const { h, msgs } = threeStored();
    for (const [i, text] of ['one', 'two', 'three'].entries()) h.receive('c1', i + 1, text);
    h.pageView('c1', ['one'], false);
    const twice = h.pageView('c1', ['one', 'two', 'two'], false);
    h.pageView('c1', ['one', 'two', 'two', 'three'], false);
    msgs.forEach((m) => h.store(m));
    const end = h.pageView('c1', ['one', 'two', 'two', 'three']);
    const history = h.build();
    expect(checkReceive(buildView(history)).anomalies).toEqual([]);
    const result = check(history);
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies).toHaveLength(1);
    expect(result.anomalies[0]).toMatchObject({ kind: 'duplicated-delivery', client: 'c1', offsets: [2], msgs: ['c0-2'] });
    expect(result.anomalies[0]!.events).toContain(twice);
    expect(result.anomalies[0]!.events).toContain(end);
    expect(result.anomalies[0]!.description).toMatch(/^c1's page shows offset 2 \("two"\) 2 times, since .*; on the wire it arrived once \(at .*\)$/);
    expect(result.counts).toMatchObject({ pageClients: 1, 'duplicated-delivery': 1, wireOnly: 0 });
  });

  it('catches a page that drops a message from its list while the wire delivered it, and one it shows out of order', () => {
    const { h, msgs } = threeStored();
    for (const [i, text] of ['one', 'two', 'three'].entries()) h.receive('c1', i + 1, text);
    msgs.forEach((m) => h.store(m));
    h.pageView('c1', ['three', 'one']);
    const result = check(h.build());
    expect(result.anomalies.map((a) => [a.kind, a.client, a.offsets])).toEqual([
      ['out-of-order-delivery', 'c1', [3, 1]],
      ['missed', 'c1', [2]],
    ]);
    expect(result.anomalies[1]!.description).toBe(
      `c1's page was connected at the end but does not show 1 stored offset: 2 ("two"); on the wire it arrived: the page did not show it`,
    );
  });

  it('does not count a re-delivery on the wire that the page does not show, and says so', () => {
    const { h, msgs } = threeStored();
    for (const [i, text] of ['one', 'two', 'two', 'three'].entries()) h.receive('c1', [1, 2, 2, 3][i]!, text);
    msgs.forEach((m) => h.store(m));
    h.pageView('c1', ['one', 'two', 'three']);
    const history = h.build();
    expect(checkReceive(buildView(history)).anomalies.map((a) => a.kind)).toEqual(['duplicated-delivery']);
    const result = check(history);
    expect(result.verdict).toBe('valid');
    expect(result.anomalies).toEqual([]);
    expect(result.counts).toMatchObject({ wireOnly: 1, 'duplicated-delivery': 0 });
    expect(result.notes.join('\n')).toMatch(/c1: on the wire c1 received offset 2 \("two"\) twice.*the page does not show it, so it is not counted/);
  });

  it('leaves pages whose items are no stored text to the wire, and judges a page gone at the end on its list for all but missed', () => {
    const { h, msgs } = threeStored();
    h.connect('c2');
    h.receive('c1', 1, 'one');
    h.receive('c2', 1, 'one');
    h.receive('c2', 1, 'one');
    msgs.forEach((m) => h.store(m));
    h.pageView('c1', ['alice: one']);
    h.pageView('c2', ['one', 'one'], false);
    h.disconnect('c2');
    const result = check(h.build());
    // c1's list is not the messages' text: judged on the wire, which missed 2 and 3.
    // c2 left: its page showed offset 1 twice (the wire agrees), and it need not show 2 and 3.
    expect(result.anomalies.map((a) => [a.kind, a.client, a.offsets])).toEqual([
      ['missed', 'c1', [2, 3]],
      ['duplicated-delivery', 'c2', [1]],
    ]);
    expect(result.anomalies[1]!.description).toMatch(/^c2's page shows offset 1 \("one"\) 2 times; on the wire it arrived 2 times/);
    expect(result.notes.join('\n')).toMatch(/c1's page shows 1 item, none the text of a stored message \(e\.g\. "alice: one"\): judged on the wire instead/);
    expect(result.counts).toMatchObject({ pageClients: 1, wireOnly: 0 });
  });

  it('maps repeated texts by order: two rows of one text shown once each are no duplicate; shown once in all, the later row is missed', () => {
    const h = new HistoryBuilder();
    h.connect('c1');
    const stored = [h.send('c1', 'same'), h.send('c1', 'same')];
    stored.forEach((m) => h.store(m));
    const history = h.build();
    const shown = (items: string[]) => judgePageViews(buildView([...history, { type: 'page-view', t: 99, client: 'c1', items, final: true }]), checkReceive(buildView(history)));
    expect(shown(['same', 'same']).anomalies).toEqual([]);
    expect(shown(['same']).anomalies.map((x) => [x.kind, x.offsets])).toEqual([['missed', [2]]]);
    expect(shown(['same', 'same', 'same']).anomalies.map((x) => [x.kind, x.offsets])).toEqual([['duplicated-delivery', [2]]]);
  });

  it('judges a page on the wire, with a note, when browser.messages matched nothing in any read while the wire brought stored rows', () => {
    const { h, msgs } = threeStored();
    for (const [i, text] of ['one', 'two', 'three'].entries()) h.receive('c1', i + 1, text);
    h.pageView('c1', [], false);
    msgs.forEach((m) => h.store(m));
    h.pageView('c1', []);
    const result = check(h.build());
    expect(result.anomalies).toEqual([]);
    expect(result.verdict).toBe('valid');
    expect(result.counts).toMatchObject({ pageClients: 0 });
    expect(result.notes.join(' ')).toContain('browser.messages matches nothing on the page');
  });
});
