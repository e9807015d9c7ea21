import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { UNANSWERED_FOR_MS, UNANSWERED_RESENDS } from '../../src/checkers/resendsAfterHeal.js';
import { stuckCandidates } from '../../src/checkers/stuckCandidates.js';
import { HistoryBuilder } from './historyBuilder.js';

describe('stuckCandidates', () => {
  it(`names, per client, its first open message re-sent ${UNANSWERED_RESENDS} times over ${UNANSWERED_FOR_MS} ms since the heal`, () => {
    const h = new HistoryBuilder();
    const done = h.send('c0', 'acked');
    const stuck = h.send('c0', 'stuck');
    const behind = h.send('c0', 'queued behind');
    const other = h.send('c1', 'fine');
    h.healed();
    h.ok(done);
    for (let i = 0; i < UNANSWERED_RESENDS; i++) {
      h.at(1000 * i).retry(stuck);
      h.retry(behind);
    }
    h.at(UNANSWERED_FOR_MS + 1000).retry(other);
    const view = buildView(h.build());
    expect(stuckCandidates(view, view.end)).toEqual(new Map([['c0', stuck]]));
  });

  it('forgets a message once it is acked or given up, and re-sends before a disconnect', () => {
    const h = new HistoryBuilder();
    const acked = h.send('c0', 'late');
    const dropped = h.send('c1', 'cut');
    h.healed();
    for (let i = 0; i < 5; i++) {
      h.at(1000 * i).retry(acked);
      h.retry(dropped);
    }
    h.ok(acked);
    h.disconnect('c1');
    h.retry(dropped);
    const view = buildView(h.build());
    expect(stuckCandidates(view, view.end + 60_000)).toEqual(new Map());
  });

  it('judges at the clock it is given: the last re-send may come a few ms short of two ack timeouts after the first', () => {
    const h = new HistoryBuilder();
    h.add({ type: 'strategy', name: 'queued-retry', ackTimeoutMs: 10_000, retries: 3 });
    const stuck = h.send('c0', 'stored, never acked');
    h.healed();
    // Each ack timeout fires from the start of the tick that set it: 9,995 ms after the invoke's stamp.
    for (let i = 0; i < UNANSWERED_RESENDS; i++) h.at(5000 + 9995 * i).retry(stuck);
    const view = buildView(h.build());
    expect(view.history.at(-1)!.type, 'no event after the third re-send').toBe('invoke');
    expect(stuckCandidates(view, view.end)).toEqual(new Map());
    expect(stuckCandidates(view, view.end + 100)).toEqual(new Map([['c0', stuck]]));
  });
});
