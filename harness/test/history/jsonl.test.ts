import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/history/events.js';
import { harnessEventText } from '../../src/history/harnessEventText.js';
import { historyToJsonl, parseJsonl } from '../../src/history/jsonl.js';

/** One of each fact the harness records about a scenario's course, as the record sites write them. */
const course: HistoryEvent[] = [
  { type: 'target-listening', t: 0.4, target: 'reference-server', host: '127.0.0.1', port: 40123 },
  { type: 'strategy', t: 0.5, name: 'queued-retry', ackTimeoutMs: 300, retries: 3 },
  { type: 'command', t: 12, text: 'Inject(client-leave, c1)' },
  { type: 'fault-start', t: 12.1, id: 1, fault: 'client-leave', kind: 'client', params: {}, clients: ['c1'], description: 'c1 leaves for good' },
  { type: 'client-departed', t: 12.3, client: 'c1', fault: 'client-leave', id: 1 },
  { type: 'fault-skipped', t: 20, fault: 'crash-at', reason: 'needs failpoints: the target has none' },
  { type: 'command-skipped', t: 21, command: 'Reload(c0)', reason: 'c0 is not a page' },
  { type: 'probe-skipped', t: 22, client: 'c0', probe: 'no-ack', reason: 'not-connected' },
  { type: 'final-phase', t: 30 },
  { type: 'healed', t: 31 },
  { type: 'stuck', t: 40, clients: [{ client: 'c0', msg: 'c0-1' }], resends: 3, sinceHealMs: 2000 },
  { type: 'not-drained', t: 50, clients: [{ client: 'c2', pending: 2 }], waitedMs: 5000 },
  { type: 'final-read', t: 60, offset: 1, msg: 'c0-1', content: 'hi' },
];

describe('history.jsonl', () => {
  it('reads back what it writes, every fact a typed event', () => {
    expect(parseJsonl(historyToJsonl(course))).toEqual(course);
  });

  it('refuses a line that is not an event, naming the line and the field', () => {
    const text = historyToJsonl(course) + '{"type":"healed","t":"soon"}\n';
    expect(() => parseJsonl(text, 'x/history.jsonl')).toThrow(/^x\/history\.jsonl line 14: t: expected number/);
  });

  it('words the facts as the notes that carried them did', () => {
    const words = course.flatMap((e) => (e.type === 'stuck' || e.type === 'not-drained' || e.type === 'fault-skipped' ? [harnessEventText(e)] : []));
    expect(words).toEqual([
      'crash-at: needs failpoints: the target has none',
      'stuck: c0 on c0-1, stored but re-sent at least 3 times over 2 s since the heal without an ack; not waiting for it to drain',
      'not drained after 5000 ms: c2 (2 pending)',
    ]);
  });
});
