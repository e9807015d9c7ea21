import { describe, expect, it } from 'vitest';
import { PageTraffic, type TrafficChannel } from '../../src/clients/browser/PageTraffic.js';
import { PacketReader } from '../../src/clients/browser/socketIoPackets.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';

function traffic() {
  const recorder = new HistoryRecorder();
  const page = new PageTraffic({ client: 'c1', protocol: tutorialProtocol, record: (e) => recorder.record(e) });
  const events = () => recorder.events.map(({ t: _t, ...rest }) => rest);
  return { page, events };
}

/** The Socket.IO packet an Engine.IO message frame carrying `text` completes, read by `reader`. */
function parseSocketIoPacket(text: string, reader = new PacketReader()) {
  const [packet] = reader.read(`4${text}`, 'websocket');
  return packet?.type === 'message' ? packet.packet : undefined;
}

describe('Socket.IO packets on the wire', () => {
  it('reads events, acks with ids, namespaces and polling bodies', () => {
    expect(parseSocketIoPacket('2["chat message","hi",3,"abc"]')).toEqual({ kind: 'event', nsp: '/', id: undefined, args: ['chat message', 'hi', 3, 'abc'] });
    expect(parseSocketIoPacket('212["chat message","hi","k-1"]')).toMatchObject({ kind: 'event', id: 12 });
    expect(parseSocketIoPacket('312[]')).toEqual({ kind: 'ack', nsp: '/', id: 12, args: [] });
    expect(parseSocketIoPacket('2/admin,["x"]')).toMatchObject({ kind: 'event', nsp: '/admin', args: ['x'] });
    // A binary event is whole once its attachment (a frame of its own) has come; it used to be left unread.
    const reader = new PacketReader();
    expect(parseSocketIoPacket('51-["x",{"_placeholder":true,"num":0}]', reader)).toBeUndefined();
    expect(reader.read(Buffer.from([1, 2]), 'websocket')).toEqual([{ type: 'message', packet: { kind: 'event', nsp: '/', id: undefined, args: ['x', Buffer.from([1, 2])] } }]);
    expect(parseSocketIoPacket('2not json')).toBeUndefined();
    expect(new PacketReader().read('0{"sid":"s1"}\x1e40{"sid":"a","pid":"p"}\x1e6', 'polling').map((p) => p.type)).toEqual(['open', 'message', 'noop']);
  });
});

describe('a page seen through its traffic', () => {
  it('follows a session from polling to websocket: connect, send, ack, broadcast, and a disconnect only when the carrying transport ends', () => {
    const { page, events } = traffic();
    const handshake: TrafficChannel = { transport: 'polling', sid: undefined };
    page.received(handshake, '0{"sid":"s1","upgrades":["websocket"]}');
    expect(handshake.sid).toBe('s1');
    page.sent({ transport: 'polling', sid: 's1' }, '40{"serverOffset":0}');
    page.received({ transport: 'polling', sid: 's1' }, '40{"sid":"a","pid":"p1"}\x1e42["chat message","old",1,"x"]');
    const ws: TrafficChannel = { transport: 'websocket', sid: 's1' };
    page.sent(ws, '2probe');
    page.received(ws, '3probe');
    page.sent(ws, '5');
    const typed = page.typed('hi');
    expect(page.pending).toBe(1);
    page.sent(ws, '420["chat message","hi","k3-1"]');
    page.received(ws, '42["chat message","hi",2,"y"]');
    page.received(ws, '430[]');
    expect(page.pending).toBe(0);
    // The old polling session's last request failing is not a disconnect: the websocket carries the session now.
    page.ended({ transport: 'polling', sid: 's1' }, 'transport error');
    expect(page.connected).toBe(true);
    page.ended(ws, 'transport close');
    expect(page.connected).toBe(false);
    expect(page.highestOffset).toBe(2);
    expect(events()).toEqual([
      { type: 'connect', client: 'c1', recovered: false, transport: 'polling' },
      { type: 'receive', client: 'c1', offset: 1, content: 'old' },
      { type: 'invoke', client: 'c1', msg: 'k3-1', seq: 1, content: 'hi', attempt: 1 },
      { type: 'receive', client: 'c1', offset: 2, content: 'hi' },
      { type: 'ok', client: 'c1', msg: 'k3-1', attempt: 1, ack: 'server' },
      { type: 'disconnect', client: 'c1', reason: 'transport close' },
    ]);
    return expect(typed.msg).resolves.toBe('k3-1');
  });

  it('drops the replay of an attempt cut before its connect packet: the next attempt replays it again, and it is recorded once', () => {
    const { page, events } = traffic();
    const websocket = (bodies: string[], end: boolean): void => {
      const channel: TrafficChannel = { transport: 'websocket', sid: undefined };
      for (const body of bodies) page.received(channel, body);
      if (end) page.ended(channel, 'transport close');
    };
    const connectAck = '40{"sid":"a","pid":"p1"}';
    const two = '42["chat message","two",2,"o2"]';
    websocket(['0{"sid":"s1"}', connectAck, '42["chat message","one",1,"o1"]'], true);
    // The server recovers the session and replays row 2; the connection is cut before the connect packet.
    websocket(['0{"sid":"s2"}', two], true);
    websocket(['0{"sid":"s3"}', two, connectAck], false);
    expect(events()).toEqual([
      { type: 'connect', client: 'c1', recovered: false, transport: 'websocket' },
      { type: 'receive', client: 'c1', offset: 1, content: 'one' },
      { type: 'disconnect', client: 'c1', reason: 'transport close' },
      { type: 'receive-buffer-dropped', client: 'c1', packets: 1 },
      { type: 'connect', client: 'c1', recovered: true, transport: 'websocket' },
      { type: 'receive', client: 'c1', offset: 2, content: 'two' },
    ]);
  });

  it('records a re-send as a new attempt, a recovered session with its replay after the connect, and a rejection as fail', () => {
    const { page, events } = traffic();
    const first: TrafficChannel = { transport: 'websocket', sid: undefined };
    page.received(first, '0{"sid":"s1"}');
    page.received(first, '40{"sid":"a","pid":"p1"}');
    page.typed('one');
    page.typed('');
    page.sent(first, '420["chat message","one","k-1"]');
    page.ended(first, 'transport close');
    const second: TrafficChannel = { transport: 'websocket', sid: undefined };
    page.received(second, '0{"sid":"s2"}');
    page.received(second, '42["chat message","one",1,"o1"]');
    page.received(second, '40{"sid":"a","pid":"p1"}');
    page.sent(second, '421["chat message","one","k-1"]');
    page.received(second, '431[]');
    page.sent(second, '422["chat message","","k-2"]');
    page.received(second, '432[{"error":"empty"}]');
    page.received(first, '430[]');
    expect(events()).toEqual([
      { type: 'connect', client: 'c1', recovered: false, transport: 'websocket' },
      { type: 'invoke', client: 'c1', msg: 'k-1', seq: 1, content: 'one', attempt: 1 },
      { type: 'disconnect', client: 'c1', reason: 'transport close' },
      { type: 'connect', client: 'c1', recovered: true, transport: 'websocket' },
      { type: 'receive', client: 'c1', offset: 1, content: 'one' },
      { type: 'info', client: 'c1', msg: 'k-1', attempt: 1, reason: 'no ack yet: the page re-sends it' },
      { type: 'invoke', client: 'c1', msg: 'k-1', seq: 1, content: 'one', attempt: 2 },
      { type: 'ok', client: 'c1', msg: 'k-1', attempt: 2, ack: 'server' },
      { type: 'invoke', client: 'c1', msg: 'k-2', seq: 2, content: '', attempt: 1 },
      { type: 'reject', client: 'c1', msg: 'k-2', attempt: 1, reason: 'empty' },
    ]);
    expect(page.pending).toBe(0);
  });

  it('names a message sent with a client offset another message already used apart from it, on the same page or another', () => {
    const recorder = new HistoryRecorder();
    const offsetsInUse = new Map<string, number>();
    const pageOf = (client: string) => new PageTraffic({ client, protocol: tutorialProtocol, record: (e) => recorder.record(e), offsetsInUse });
    const [c1, c2] = [pageOf('c1'), pageOf('c2')];
    const ws = (page: PageTraffic): TrafficChannel => {
      const channel: TrafficChannel = { transport: 'websocket', sid: undefined };
      page.received(channel, '0{"sid":"s"}');
      page.received(channel, '40{"sid":"a"}');
      return channel;
    };
    const [w1, w2] = [ws(c1), ws(c2)];
    // Both pages typed offline: the tutorial's `${socket.id}-${counter++}` is undefined-0 on both.
    const typed = c2.typed('world');
    c1.sent(w1, '420["chat message","hello","undefined-0"]');
    c2.sent(w2, '420["chat message","world","undefined-0"]');
    c2.sent(w2, '421["chat message","world","undefined-0"]');
    c2.received(w2, '430[]');
    c1.received(w1, '430[]');
    // c1 reloads and types again: its counter starts over.
    c1.sent(w1, '421["chat message","again","undefined-0"]');
    const sends = recorder.events.filter((e) => e.type === 'invoke' || e.type === 'ok').map(({ t: _t, ...rest }) => rest);
    expect(sends).toEqual([
      { type: 'invoke', client: 'c1', msg: 'undefined-0', seq: 1, content: 'hello', attempt: 1 },
      { type: 'invoke', client: 'c2', msg: 'undefined-0~2', seq: 1, content: 'world', attempt: 1, sentAs: 'undefined-0' },
      { type: 'invoke', client: 'c2', msg: 'undefined-0~2', seq: 1, content: 'world', attempt: 2, sentAs: 'undefined-0' },
      { type: 'ok', client: 'c2', msg: 'undefined-0~2', attempt: 1, ack: 'server' },
      { type: 'ok', client: 'c1', msg: 'undefined-0', attempt: 1, ack: 'server' },
      { type: 'invoke', client: 'c1', msg: 'undefined-0~3', seq: 2, content: 'again', attempt: 1, sentAs: 'undefined-0' },
    ]);
    return expect(typed.msg).resolves.toBe('undefined-0~2');
  });

  it('reads binary packets: a message sent with an attachment, its binary ack, and a broadcast with one, over a WebSocket and over polling', () => {
    const { page, events } = traffic();
    const ws: TrafficChannel = { transport: 'websocket', sid: undefined };
    page.received(ws, '0{"sid":"s1"}');
    page.received(ws, '40{"sid":"a"}');
    page.sent(ws, '451-0["chat message","hi","k-1",{"_placeholder":true,"num":0}]');
    page.sent(ws, Buffer.from([1, 2]));
    page.received(ws, '461-0[{"_placeholder":true,"num":0}]');
    page.received(ws, Buffer.from([3]));
    page.received(ws, '451-["chat message","hi",1,{"_placeholder":true,"num":0}]');
    page.received(ws, Buffer.from([4]));
    page.received({ transport: 'polling', sid: 's1' }, `451-["chat message","two",2,{"_placeholder":true,"num":0}]\x1eb${Buffer.from([5]).toString('base64')}`);
    expect(events()).toEqual([
      { type: 'connect', client: 'c1', recovered: false, transport: 'websocket' },
      { type: 'invoke', client: 'c1', msg: 'k-1', seq: 1, content: 'hi', attempt: 1 },
      { type: 'ok', client: 'c1', msg: 'k-1', attempt: 1, ack: 'server' },
      { type: 'receive', client: 'c1', offset: 1, content: 'hi' },
      { type: 'receive', client: 'c1', offset: 2, content: 'two' },
    ]);
  });

  it('records what a reload drops as given up with cause page-reloaded: a sent message not acknowledged, and one typed but never on the wire', () => {
    const { page, events } = traffic();
    const ws: TrafficChannel = { transport: 'websocket', sid: undefined };
    page.received(ws, '0{"sid":"s1"}');
    page.received(ws, '40{"sid":"a"}');
    page.typed('sent');
    page.typed('typed only');
    page.sent(ws, '420["chat message","sent","k-1"]');
    expect(page.reloading()).toBe(2);
    const fails = events().filter((e) => e.type === 'fail');
    expect(fails).toEqual([
      { type: 'fail', client: 'c1', msg: 'k-1', attempt: 1, reason: expect.stringContaining('reloaded') as string, cause: 'page-reloaded' },
      { type: 'fail', client: 'c1', msg: 'c1-unsent-1', attempt: 1, reason: expect.stringContaining('on the wire') as string, cause: 'page-reloaded' },
    ]);
  });
});
