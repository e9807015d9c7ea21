import { expect, it } from 'vitest';
import { nodeFigures, scenarioFigures } from '../../src/core/figures.js';
import { buildView } from '../../src/view/buildView.js';
import { HistoryBuilder } from '../checkers/historyBuilder.js';

/** c0 on n0, then moved to n1 (a failover) where it recovers its session; c1 on n1 throughout. */
function twoNodes(): HistoryBuilder {
  const h = new HistoryBuilder();
  const t = () => h.last * 10 + 10;
  h.push({ type: 'connect', t: t(), client: 'c0', recovered: false, transport: 'websocket', node: 'n0' });
  h.push({ type: 'connect', t: t(), client: 'c1', recovered: false, transport: 'websocket', node: 'n1' });
  const a = h.send('c0', 'a');
  h.ok(a);
  const b = h.send('c1', 'b');
  h.ok(b);
  const c = h.send('c0', 'c');
  h.push({ type: 'client-moved', t: t(), client: 'c0', from: 'n0', to: 'n1', cause: 'failover' });
  h.push({ type: 'disconnect', t: t(), client: 'c0', reason: 'transport close' });
  h.info(c);
  h.retry(c);
  h.push({ type: 'connect', t: t(), client: 'c0', recovered: true, transport: 'websocket', node: 'n1' });
  h.ok(c);
  h.ok(c); // a second ack of the same message counts once
  return h;
}

it('the view gives each client the nodes of its connects, in order, and its moves', () => {
  const view = buildView(twoNodes().build());
  expect(view.clients.get('c0')?.nodes).toEqual(['n0', 'n1']);
  expect(view.clients.get('c1')?.nodes).toEqual(['n1']);
  expect(view.clients.get('c0')?.moves.map((i) => view.history[i]!.type)).toEqual(['client-moved']);
  expect(view.clients.get('c1')?.moves).toEqual([]);
});

it('figures per node: connections served, messages acknowledged while connected there, recoveries', () => {
  const view = buildView(twoNodes().build());
  expect(nodeFigures(view)).toEqual({
    n0: { connections: 1, handled: 1, recoveries: 0 },
    n1: { connections: 2, handled: 2, recoveries: 1 },
  });
  expect(scenarioFigures(view).nodes).toEqual(nodeFigures(view));
});

it('a single-node history has no per-node figures, and a connect without a node is ""', () => {
  const h = new HistoryBuilder();
  h.push({ type: 'connect', t: 0, client: 'c0', recovered: false, transport: 'websocket' });
  h.ok(h.send('c0', 'a'));
  const view = buildView(h.build());
  expect(view.clients.get('c0')?.nodes).toEqual(['']);
  expect(nodeFigures(view)).toBeUndefined();
  expect('nodes' in scenarioFigures(view)).toBe(false);
});
