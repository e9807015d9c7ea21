import { describe, expect, it } from 'vitest';
import { describeArgs, OVERSIZED_CHARS, PROBE_KINDS, probePayload, UNKNOWN_EVENT } from '../../src/clients/probePayload.js';
import { protocolFromFields } from '../../src/protocol/configurable.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';

const ids = { msg: 'c0probe-1', content: 'siochaos probe c0#1' };

describe('probePayload', () => {
  it("speaks the tutorial's protocol with bad arguments", () => {
    const args = (kind: (typeof PROBE_KINDS)[number]) => probePayload(tutorialProtocol, kind, ids);
    expect(args('no-ack')).toMatchObject({ event: 'chat message', args: [ids.content, ids.msg], ack: false, malformed: false });
    expect(args('missing-offset')).toMatchObject({ args: [ids.content], ack: true, content: ids.content, malformed: true });
    expect(args('missing-offset').msg).toBeUndefined();
    expect(args('offset-wrong-type')).toMatchObject({ args: [ids.content, 7357735], malformed: true });
    expect(args('content-wrong-type')).toMatchObject({ args: [7357735, ids.msg], msg: ids.msg, content: '7357735', malformed: true });
    const oversized = args('oversized');
    expect((oversized.args[0] as string).length).toBeGreaterThan(OVERSIZED_CHARS);
    expect(oversized).toMatchObject({ msg: ids.msg, malformed: false });
    expect(args('unknown-event')).toMatchObject({ event: UNKNOWN_EVENT, args: [ids.content, ids.msg], malformed: true });
  });

  it("speaks a configured object protocol: its own event and fields", () => {
    const protocol = protocolFromFields({ sendEvent: 'say', payload: 'object', objectFields: { content: 'text' } });
    expect(probePayload(protocol, 'missing-offset', ids)).toMatchObject({ event: 'say', args: [{ text: ids.content }] });
    expect(probePayload(protocol, 'offset-wrong-type', ids).args).toEqual([{ clientId: 7357735, seq: 7357735, text: ids.content }]);
    expect(probePayload(protocol, 'content-wrong-type', ids).args).toEqual([{ clientId: 'c0probe', seq: 1, text: 7357735 }]);
  });

  it('cuts long strings when it describes arguments', () => {
    expect(describeArgs(['x'.repeat(100), 1])).toBe(`["${'x'.repeat(40)}…(100 characters)",1]`);
  });
});
