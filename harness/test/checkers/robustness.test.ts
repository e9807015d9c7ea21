import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import { checkRobustness } from '../../src/checkers/robustness.js';
import type { ProbeEvent } from '../../src/history/events.js';
import type { UnstampedEvent } from '../../src/history/recorder.js';
import { HistoryBuilder } from './historyBuilder.js';
import { mapFields } from '../../src/stores/mapFields.js';

const missingOffset: UnstampedEvent = {
  type: 'probe', client: 'c1', probe: 'missing-offset', event: 'chat message', payload: '["siochaos probe c1#1"]', ack: true, content: 'siochaos probe c1#1', malformed: true,
};
const noAck: Omit<ProbeEvent, 't'> = {
  type: 'probe', client: 'c0', probe: 'no-ack', event: 'chat message', payload: '["siochaos probe c0#1","c0probe-1"]', ack: false, msg: 'c0probe-1', content: 'siochaos probe c0#1', malformed: false,
};

describe('robustness checker', () => {
  it('reports a row stored for a malformed payload as bad-row-stored, naming the payload', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'hi');
    h.ok(m);
    const probe = h.add(missingOffset);
    h.store(m, 1);
    const row = h.store(null, 2, 'siochaos probe c1#1');
    const result = checkRobustness(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies).toEqual([
      {
        kind: 'bad-row-stored',
        guarantee: 'stores-only-well-formed',
        client: 'c1',
        msgs: [],
        offsets: [2],
        events: [probe, row],
        description:
          'a malformed payload was stored (missing-offset probe: the client offset left out): c1 sent chat message ["siochaos probe c1#1"] with an ack function, ' +
          'and the target stored it at offset 2 as "siochaos probe c1#1" with no client offset',
        payload: 'chat message ["siochaos probe c1#1"] with an ack function',
      },
    ]);
  });

  it('accepts a stored plain emit, and the other checkers never see probe rows (no phantom, no missed)', () => {
    const h = new HistoryBuilder();
    h.connect('c0');
    const m = h.send('c0', 'hi');
    h.ok(m);
    h.add(noAck);
    h.receive('c0', 1);
    h.receive('c0', 2, 'siochaos probe c0#1');
    h.store(m, 1);
    h.store('c0probe-1', 2, 'siochaos probe c0#1');
    const check = checkHistory(h.build());
    expect(check.anomalies).toEqual([]);
    expect(check.verdict).toBe('valid');
    expect(check.counts).toMatchObject({ probes: 1, probeRows: 1, badRows: 0, phantom: 0 });
  });

  it('does not judge offset probes when the store keeps no client offsets', () => {
    const h = new HistoryBuilder();
    h.add(missingOffset);
    h.storeText('a message', 1);
    h.storeText('siochaos probe c1#1', 2);
    const result = checkRobustness(buildView(h.build()));
    expect(result.verdict).toBe('valid');
    expect(result.notes[0]).toMatch(/^1 rows stored for probes without a \(string\) client offset were not judged/);
  });

  it('does not judge offset probes without a store, where rows are what clients received', () => {
    const h = new HistoryBuilder();
    h.add(missingOffset);
    h.add({ type: 'no-store' });
    h.store(null, 1, 'siochaos probe c1#1');
    expect(checkRobustness(buildView(h.build())).verdict).toBe('valid');
  });

  it('reports a number stored as client offset (offset-wrong-type) once the store read keeps it as text', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'hi');
    h.ok(m);
    const probe = h.add({
      type: 'probe', client: 'c0', probe: 'offset-wrong-type', event: 'chat message', payload: '["siochaos probe c0#1",7357735]', ack: true, content: 'siochaos probe c0#1', malformed: true,
    });
    h.store(m, 1);
    const stored = mapFields({ id: 2, client_offset: 7357735, content: 'siochaos probe c0#1' });
    const row = h.store(stored.msg, stored.offset, stored.content);
    const result = checkRobustness(buildView(h.build()));
    expect(result.anomalies).toMatchObject([{ kind: 'bad-row-stored', events: [probe, row], offsets: [2] }]);
    expect(result.anomalies[0]?.description).toMatch(/offset-wrong-type probe: a number for the client offset.*with client offset 7357735$/);
  });

  it('judges offset probes in a store that keeps client offsets even when no row of the scenario has one', () => {
    // The scenario's only row is the probe's: nothing in it holds a client offset, yet the store keeps them.
    const h = new HistoryBuilder();
    const probe = h.add(missingOffset);
    const row = h.store(null, 1, 'siochaos probe c1#1');
    const result = checkRobustness(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies).toMatchObject([{ kind: 'bad-row-stored', events: [probe, row] }]);
    expect(result.notes).toEqual([]);
  });

  it('tells probe #1 from probe #10 by content', () => {
    const h = new HistoryBuilder();
    h.add(missingOffset);
    h.store('c0-1', 1, 'siochaos probe c1#10');
    expect(checkRobustness(buildView(h.build())).counts.probeRows).toBe(0);
  });
});
