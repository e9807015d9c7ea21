import { describe, expect, it } from 'vitest';
import { protocolFromFields } from '../../src/protocol/configurable.js';
import { NO_REASON_GIVEN, refusalReason } from '../../src/protocol/refusalReason.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';

describe('protocols', () => {
  it('the tutorial protocol: positional payload, acks without error are positive', () => {
    expect(tutorialProtocol.encodeSend('hi', 'c0-1')).toEqual(['hi', 'c0-1']);
    expect(tutorialProtocol.decodeBroadcast(['hi', 7])).toEqual({ content: 'hi', offset: 7 });
    expect(tutorialProtocol.decodeBroadcast([{}, 7])).toBeUndefined();
    expect(tutorialProtocol.isPositiveAck([])).toBe(true);
    expect(tutorialProtocol.isPositiveAck([{ error: 'too long' }])).toBe(false);
    expect(tutorialProtocol.auth(4)).toEqual({ serverOffset: 4 });
  });

  it('an object payload {clientId, seq, text} acked with {ok, id}', () => {
    const protocol = protocolFromFields({
      sendEvent: 'send',
      broadcastEvent: 'message',
      payload: 'object',
      objectFields: { content: 'text', offset: 'id' },
      ackOkField: 'ok',
      authOffsetKey: 'lastId',
    });
    const args = protocol.encodeSend('hello', 's1.c2-14');
    expect(args).toEqual([{ clientId: 's1.c2', seq: 14, text: 'hello' }]);
    expect(protocol.clientOffsetOf(args)).toBe('s1.c2-14');
    expect(protocol.decodeBroadcast([{ id: 3, text: 'hello' }])).toEqual({ content: 'hello', offset: 3 });
    expect(protocol.isPositiveAck([{ ok: true, id: 3 }])).toBe(true);
    expect(protocol.isPositiveAck([{ ok: false }])).toBe(false);
    expect(protocol.isPositiveAck([])).toBe(false);
    expect(protocol.auth(9)).toEqual({ lastId: 9 });
    expect(protocol.sendEvent).toBe('send');
  });

  it("a refusal's reason: the server's error (or reason, message) text, else its answer as JSON", () => {
    expect(refusalReason([{ error: 'too long' }])).toBe('too long');
    expect(refusalReason([{ ok: false, reason: 'banned word' }])).toBe('banned word');
    expect(refusalReason([{ ok: false, message: 'rate limited' }])).toBe('rate limited');
    expect(refusalReason([{ ok: false, code: 7 }])).toBe('{"ok":false,"code":7}');
    expect(refusalReason([{ error: '' }])).toBe('{"error":""}');
    expect(refusalReason(['nope'])).toBe('"nope"');
    expect(refusalReason([])).toBe(NO_REASON_GIVEN);
  });
});
