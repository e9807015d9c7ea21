import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import { checkTargetCrash, errorLine } from '../../src/checkers/targetCrash.js';
import { HistoryBuilder } from './historyBuilder.js';

const STDERR = [
  'file:///srv/chat/server.js:52',
  '    callback();',
  '    ^',
  '',
  'TypeError: callback is not a function',
  '    at Socket.<anonymous> (file:///srv/chat/server.js:52:5)',
  '',
  'Node.js v20.19.0',
].join('\n');

describe('crash checker', () => {
  it('reports an exit siochaos did not cause as target-crashed, naming the payload sent before it', () => {
    const h = new HistoryBuilder();
    const m = h.send('c0', 'hi');
    h.ok(m, 'local');
    const exit = h.at(300).add({ type: 'target-exit', code: 1, signal: null, stderr: STDERR });
    const result = checkTargetCrash(buildView(h.build()));
    expect(result.verdict).toBe('invalid');
    expect(result.anomalies).toEqual([
      {
        kind: 'target-crashed',
        guarantee: 'target-stays-up',
        msgs: [m],
        offsets: [],
        events: [0, exit],
        description:
          'the target exited with code 1 at 300 ms and siochaos did not stop it: TypeError: callback is not a function; ' +
          `just before, at 0 ms, c0 sent ${m} "hi" (a plain emit, no ack function)`,
        payload: `${m} "hi" without an ack function`,
      },
    ]);
  });

  it('names a robustness probe as the payload when one came last', () => {
    const h = new HistoryBuilder();
    h.add({ type: 'probe', client: 'c1', probe: 'missing-offset', event: 'chat message', payload: '["siochaos probe c1#1"]', ack: true, content: 'siochaos probe c1#1', malformed: true });
    h.add({ type: 'target-exit', code: null, signal: 'SIGSEGV', stderr: '' });
    const [anomaly] = checkTargetCrash(buildView(h.build())).anomalies;
    expect(anomaly?.payload).toBe('chat message ["siochaos probe c1#1"] with an ack function');
    expect(anomaly?.description).toMatch(/^the target was ended by SIGSEGV at .* \(it wrote nothing to stderr\); just before, at .*, c1 sent a missing-offset probe: chat message/);
  });

  it('keeps the crash beside the messages lost while the server was down', () => {
    const h = new HistoryBuilder();
    const first = h.send('c0', 'a');
    h.ok(first, 'local');
    h.store(first);
    h.add({ type: 'target-exit', code: 1, signal: null, stderr: STDERR });
    const lost = h.send('c0', 'b');
    h.ok(lost, 'local');
    const check = checkHistory(h.build());
    expect(check.anomalies.map((a) => a.kind).sort()).toEqual(['lost', 'target-crashed']);
  });

  it('is valid without target-exit events', () => {
    const h = new HistoryBuilder();
    h.store(h.send('c0', 'a'));
    expect(checkTargetCrash(buildView(h.build()))).toMatchObject({ verdict: 'valid', anomalies: [], counts: { targetExits: 0 } });
  });

  it('finds the error line of a stack trace', () => {
    expect(errorLine(STDERR)).toBe('TypeError: callback is not a function');
    expect(errorLine('only line')).toBe('only line');
    expect(errorLine('')).toBeUndefined();
  });
});
