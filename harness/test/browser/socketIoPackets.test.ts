import { encodePacket, encodePayload, type Packet as EnginePacket } from 'engine.io-parser';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { PacketReader, type EngineIoPacket } from '../../src/clients/browser/socketIoPackets.js';

/** What socket.io puts on the wire for `packet`: its text part, then one buffer per attachment. */
const encode = (packet: Packet): (string | Buffer)[] => new Encoder().encode(packet) as (string | Buffer)[];

/** The WebSocket frames of `packet`: each part an Engine.IO message frame of its own (text with a `4`, binary as it is). */
function websocketFrames(packet: Packet): (string | Buffer)[] {
  return encode(packet).map((part) => {
    let frame: string | Buffer = '';
    encodePacket({ type: 'message', data: part }, true, (encoded) => (frame = encoded as string | Buffer));
    return frame;
  });
}

/** A long-polling body of Engine.IO packets (binary ones as base64 `b` packets). */
function pollingBody(packets: EnginePacket[]): string {
  let body = '';
  encodePayload(packets, (encoded) => (body = encoded));
  return body;
}

const messages = (packets: EngineIoPacket[]) => packets.flatMap((packet) => (packet.type === 'message' ? [packet.packet] : []));

describe('a PacketReader', () => {
  it('reads a text event and an ack with its id from WebSocket frames', () => {
    const reader = new PacketReader();
    expect(messages(reader.read('42["chat message","hi",3,"abc"]', 'websocket'))).toEqual([
      { kind: 'event', nsp: '/', id: undefined, args: ['chat message', 'hi', 3, 'abc'] },
    ]);
    expect(messages(reader.read('4212["chat message","hi","k-1"]', 'websocket'))).toEqual([
      { kind: 'event', nsp: '/', id: 12, args: ['chat message', 'hi', 'k-1'] },
    ]);
    expect(messages(reader.read('4312[{"error":"empty"}]', 'websocket'))).toEqual([{ kind: 'ack', nsp: '/', id: 12, args: [{ error: 'empty' }] }]);
  });

  it('reads a binary event once its attachments, frames of their own, have come over a WebSocket', () => {
    const [a, b] = [Buffer.from('é', 'utf8'), Buffer.from([0, 255, 7])];
    const frames = websocketFrames({ type: PacketType.EVENT, nsp: '/', data: ['chat message', 'hi', 7, a, { nested: b }] });
    expect(frames).toHaveLength(3);
    expect(frames[0]).toMatch(/^452-\[/);
    const reader = new PacketReader();
    expect(reader.read(frames[0]!, 'websocket')).toEqual([]);
    expect(reader.read(frames[1]!, 'websocket')).toEqual([]);
    expect(messages(reader.read(frames[2]!, 'websocket'))).toEqual([
      { kind: 'event', nsp: '/', id: undefined, args: ['chat message', 'hi', 7, a, { nested: b }] },
    ]);
    // The next text packet reads as usual.
    expect(messages(reader.read('430[]', 'websocket'))).toEqual([{ kind: 'ack', nsp: '/', id: 0, args: [] }]);
  });

  it('reads a binary ack with its id', () => {
    const reader = new PacketReader();
    const frames = websocketFrames({ type: PacketType.ACK, nsp: '/', id: 4, data: [Buffer.from([9])] });
    expect(frames[0]).toBe('461-4[{"_placeholder":true,"num":0}]');
    expect(messages(frames.flatMap((frame) => reader.read(frame, 'websocket')))).toEqual([{ kind: 'ack', nsp: '/', id: 4, args: [Buffer.from([9])] }]);
  });

  it('reads a binary event over long-polling, its attachments base64 b packets, in the same body or the next', () => {
    const attachment = Buffer.from([1, 2, 3]);
    const [text, buffer] = encode({ type: PacketType.EVENT, nsp: '/', data: ['chat message', 'x', 3, attachment] });
    const body = pollingBody([
      { type: 'message', data: text },
      { type: 'message', data: buffer },
      { type: 'message', data: '2["chat message","y",4]' },
    ]);
    expect(body).toContain('\x1ebAQID\x1e');
    expect(messages(new PacketReader().read(body, 'polling'))).toEqual([
      { kind: 'event', nsp: '/', id: undefined, args: ['chat message', 'x', 3, attachment] },
      { kind: 'event', nsp: '/', id: undefined, args: ['chat message', 'y', 4] },
    ]);
    const reader = new PacketReader();
    expect(reader.read(pollingBody([{ type: 'message', data: text }]), 'polling')).toEqual([]);
    expect(messages(reader.read(pollingBody([{ type: 'message', data: buffer }]), 'polling'))).toHaveLength(1);
  });

  it('reads connect and connect_error packets, of the main namespace or another', () => {
    const reader = new PacketReader();
    expect(messages(reader.read('40{"sid":"a","pid":"p1"}', 'websocket'))).toEqual([{ kind: 'connect', nsp: '/', data: { sid: 'a', pid: 'p1' } }]);
    expect(messages(reader.read('40/admin,{"sid":"b"}', 'websocket'))).toEqual([{ kind: 'connect', nsp: '/admin', data: { sid: 'b' } }]);
    expect(messages(reader.read('44{"message":"not authorized"}', 'websocket'))).toEqual([
      { kind: 'connect-error', nsp: '/', data: { message: 'not authorized' } },
    ]);
    expect(messages(reader.read('41', 'websocket'))).toEqual([{ kind: 'disconnect', nsp: '/' }]);
  });

  it('reads every packet of a long-polling body, and the session id of the open packet', () => {
    const body = '0{"sid":"s1","upgrades":["websocket"],"pingInterval":1000}\x1e40{"sid":"a","pid":"p"}\x1e42["chat message","old",1,"x"]\x1e2\x1e6';
    expect(new PacketReader().read(body, 'polling')).toEqual([
      { type: 'open', sid: 's1' },
      { type: 'message', packet: { kind: 'connect', nsp: '/', data: { sid: 'a', pid: 'p' } } },
      { type: 'message', packet: { kind: 'event', nsp: '/', id: undefined, args: ['chat message', 'old', 1, 'x'] } },
      { type: 'ping' },
      { type: 'noop' },
    ]);
  });

  it('leaves out what is not a packet, and reads on after it', () => {
    const reader = new PacketReader();
    expect(reader.read('x', 'websocket')).toEqual([]);
    expect(reader.read('42not json', 'websocket')).toEqual([]);
    expect(reader.read('43[]', 'websocket')).toEqual([]); // an ack without an id acknowledges nothing
    expect(reader.read(Buffer.from([1]), 'websocket')).toEqual([]); // an attachment of no packet
    expect(messages(reader.read('42["chat message","z",5]', 'websocket'))).toHaveLength(1);
  });
});
