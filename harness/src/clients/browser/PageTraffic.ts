import type { UnstampedEvent } from '../../history/recorder.js';
import type { Protocol } from '../../protocol/Protocol.js';
import { refusalReason } from '../../protocol/refusalReason.js';
import { PacketReader, type EngineIoPacket, type SocketIoPacket } from './socketIoPackets.js';

/**
 * One way a page's Socket.IO traffic travels: a WebSocket (one object per
 * socket) or the HTTP long-polling requests of one Engine.IO session.
 */
export interface TrafficChannel {
  readonly transport: 'websocket' | 'polling';
  /** The Engine.IO session id: from the URL, or from the open packet. */
  sid: string | undefined;
}

/** What {@link PageTraffic} needs: whose traffic it is, how it speaks, where events go. */
export interface PageTrafficOptions {
  client: string;
  protocol: Protocol;
  record(event: UnstampedEvent): number;
  /**
   * The client offsets every page of the scenario has put on the wire, with
   * how many messages used each: shared by the pages of one scenario, so a
   * message sent with another's offset gets a name of its own.
   */
  offsetsInUse?: Map<string, number>;
}

interface PageMessage {
  /** Its name in the history: the offset on the wire, or `<offset>~<n>` when the n-th message to use it. */
  msg: string;
  content: string;
  seq: number;
  /** How many times the page has put it on the wire. */
  sends: number;
  done: boolean;
}

interface Typed {
  content: string;
  resolve(msg: string): void;
}

/**
 * Turns what a page sends and receives on the wire into history events, the
 * same ones a Node client records:
 *
 * - a `chat message` packet sent: `invoke` (attempt = how many times that
 *   client offset went out; a re-send also records `info`: no ack yet);
 * - an ack packet received: `ok` (or `reject` when the target refused it) for
 *   the message sent with that packet id;
 * - a broadcast received: `receive` with its server offset (one that comes
 *   before the connect packet, as a recovered session's replay does, once
 *   the page's socket is connected, as socket.io-client hands it over; one
 *   whose connection ends before the connect packet is dropped with a
 *   `receive-buffer-dropped` event, where socket.io-client would keep it and
 *   hand it over again with the next connection's replay of it);
 * - a Socket.IO connect packet received: `connect` (recovered when the
 *   session's private id came back); the end of the transport carrying the
 *   session: `disconnect`.
 *
 * The page picks its own client offsets: the n-th new offset on the wire is
 * the n-th message typed (the page sends them in order).
 *
 * @example
 * const traffic = new PageTraffic({ client: 'c1', protocol: tutorialProtocol, record: (e) => recorder.record(e) });
 * const ws: TrafficChannel = { transport: 'websocket', sid: undefined };
 * traffic.received(ws, '0{"sid":"s1"}');
 * traffic.received(ws, '40{"sid":"x","pid":"p"}'); // connect
 * const { msg } = traffic.typed('hi');
 * traffic.sent(ws, '420["chat message","hi","k3-1"]'); // invoke k3-1, attempt 1
 * traffic.received(ws, '430[]'); // ok k3-1
 * await msg; // 'k3-1'
 */
export class PageTraffic {
  private active: TrafficChannel | undefined;
  private isConnected = false;
  private lastPid: string | undefined;
  private lastOffset = 0;
  /** Offsets the current document received (a reload starts a new document). */
  private readonly receivedOffsets = new Set<number>();
  private seq = 0;
  private readonly waiting: Typed[] = [];
  private readonly messages = new Map<string, PageMessage>();
  private readonly packets = new Map<number, { message: PageMessage; attempt: number }>();
  private readonly offsetsInUse: Map<string, number>;
  private undone = 0;
  /** Messages typed and lost at a reload before they reached the wire. */
  private unsent = 0;
  /** Broadcasts that arrived before the connect packet (a recovered session replays them first), as socket.io-client buffers them. */
  private early: { offset: number; content: string }[] = [];
  /** The channel the early broadcasts came on. */
  private earlyChannel: TrafficChannel | undefined;
  /** What reads each direction of each WebSocket, and of each long-polling session (its requests are channels of their own). */
  private readonly readers = new WeakMap<TrafficChannel, { sent: PacketReader; received: PacketReader }>();
  private readonly pollingReaders = new Map<string, { sent: PacketReader; received: PacketReader }>();

  constructor(private readonly options: PageTrafficOptions) {
    this.offsetsInUse = options.offsetsInUse ?? new Map();
  }

  /** Whether the page's socket is connected, as its traffic shows. */
  get connected(): boolean {
    return this.isConnected;
  }

  /** The highest server offset the page has received. */
  get highestOffset(): number {
    return this.lastOffset;
  }

  /** Whether the page's current document (since its last reload) received `offset` on the wire. */
  receivedNow(offset: number): boolean {
    return this.receivedOffsets.has(offset);
  }

  /** Messages typed that the page has not yet sent, or sent and not had acknowledged. */
  get pending(): number {
    return this.waiting.length + this.undone;
  }

  /**
   * Notes that a message is being typed into the page (call it just before
   * submitting, in submit order).
   *
   * @returns `msg`, the client offset the page gives it once the page sends
   * it, and `cancel()` for when typing failed (`msg` then resolves to '').
   */
  typed(content: string): { msg: Promise<string>; cancel(): void } {
    let entry!: Typed;
    const msg = new Promise<string>((resolve) => {
      entry = { content, resolve };
      this.waiting.push(entry);
    });
    return {
      msg,
      cancel: () => {
        const at = this.waiting.indexOf(entry);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        entry.resolve('');
      },
    };
  }

  /**
   * The page is about to reload: what it has not had acknowledged is gone
   * with it (a page keeps no outbox unless its own code stores one), so each
   * such message gets a `fail` saying so (cause `page-reloaded`), and one typed that never reached
   * the wire an `invoke` (as `<client>-unsent-<n>`) and a `fail`. The
   * connection the reload ends is recorded as a disconnect with that reason.
   *
   * @returns how many messages the reload dropped.
   */
  reloading(): number {
    const { client, record } = this.options;
    const reason = 'the page was reloaded before it was acknowledged: the reloaded page does not send it again';
    let dropped = 0;
    for (const message of new Set(this.messages.values())) {
      if (message.done) continue;
      message.done = true;
      this.undone--;
      dropped++;
      record({ type: 'fail', client, msg: message.msg, attempt: message.sends, reason, cause: 'page-reloaded' });
    }
    for (const typed of this.waiting.splice(0)) {
      const msg = `${client}-unsent-${++this.unsent}`;
      record({ type: 'invoke', client, msg, seq: ++this.seq, content: typed.content, attempt: 1 });
      record({ type: 'fail', client, msg, attempt: 1, reason: 'typed, but the page was reloaded before it put it on the wire', cause: 'page-reloaded' });
      typed.resolve(msg);
      dropped++;
    }
    if (this.isConnected) this.onDisconnect('the page was reloaded');
    this.packets.clear();
    this.receivedOffsets.clear();
    return dropped;
  }

  /** A body the page sent (a WebSocket frame, text or binary, or a polling POST). */
  sent(channel: TrafficChannel, body: string | Buffer): void {
    for (const packet of this.read(channel, 'sent', body)) {
      if (packet.type === 'upgrade' && this.active?.transport === 'polling' && this.active.sid === channel.sid) this.active = channel;
      if (packet.type === 'message' && packet.packet.kind === 'event' && packet.packet.nsp === '/') this.onSend(packet.packet);
    }
  }

  /** A body the page received (a WebSocket frame, text or binary, or a polling response). */
  received(channel: TrafficChannel, body: string | Buffer): void {
    for (const packet of this.read(channel, 'received', body)) {
      if (packet.type === 'open') channel.sid ??= packet.sid;
      else if (packet.type === 'close' && this.isActive(channel)) this.onDisconnect('transport close (server closed the session)');
      else if (packet.type === 'close') this.dropEarly(channel);
      else if (packet.type === 'message' && packet.packet.nsp === '/') this.onPacket(channel, packet.packet);
    }
  }

  /** The packets `body` completes, read by the reader of its channel and direction (a binary packet's attachments come after it). */
  private read(channel: TrafficChannel, direction: 'sent' | 'received', body: string | Buffer): EngineIoPacket[] {
    const key = channel.transport === 'polling' ? channel.sid : undefined;
    let readers = key === undefined ? this.readers.get(channel) : this.pollingReaders.get(key);
    if (!readers) {
      readers = { sent: new PacketReader(), received: new PacketReader() };
      if (key === undefined) this.readers.set(channel, readers);
      else this.pollingReaders.set(key, readers);
    }
    return readers[direction].read(body, channel.transport);
  }

  /** A channel ended: a WebSocket closed, or a polling request of the session failed. */
  ended(channel: TrafficChannel, reason: string): void {
    if (this.isActive(channel)) this.onDisconnect(reason);
    else this.dropEarly(channel);
  }

  /**
   * The channel that brought early broadcasts ended before its connect
   * packet: they belong to an attempt that never connected, and the next one
   * brings them again (a recovering server replays from the same offset).
   * socket.io-client would keep them and hand them over twice; they are not
   * the server's deliveries, so they are dropped (see `dropStaleReceiveBuffer`).
   */
  private dropEarly(channel: TrafficChannel): void {
    const from = this.earlyChannel;
    if (this.isConnected || this.early.length === 0 || !from) return;
    if (!sameChannel(channel, from)) return;
    this.options.record({ type: 'receive-buffer-dropped', client: this.options.client, packets: this.early.length });
    this.early = [];
    this.earlyChannel = undefined;
  }

  private isActive(channel: TrafficChannel): boolean {
    const active = this.active;
    return active !== undefined && this.isConnected && sameChannel(channel, active);
  }

  private onPacket(channel: TrafficChannel, packet: SocketIoPacket): void {
    const { client, protocol, record } = this.options;
    switch (packet.kind) {
      case 'connect': {
        const pid = (packet.data as { pid?: unknown } | null)?.pid;
        const recovered = typeof pid === 'string' && pid === this.lastPid;
        if (typeof pid === 'string') this.lastPid = pid;
        this.active = channel;
        this.isConnected = true;
        record({ type: 'connect', client, recovered, transport: channel.transport });
        this.earlyChannel = undefined;
        for (const message of this.early.splice(0)) this.onBroadcast(message);
        return;
      }
      case 'disconnect':
        if (this.isActive(channel)) this.onDisconnect('io server disconnect');
        return;
      case 'connect-error':
        record({ type: 'connect-error', client, data: JSON.stringify(packet.data).slice(0, 200) });
        return;
      case 'ack':
        this.onAck(packet.id, packet.args);
        return;
      case 'event': {
        if (packet.args[0] !== protocol.broadcastEvent) return;
        const message = protocol.decodeBroadcast(packet.args.slice(1));
        if (!message) {
          record({ type: 'bad-broadcast', client, args: JSON.stringify(packet.args).slice(0, 200) });
          return;
        }
        if (this.isConnected) this.onBroadcast(message);
        else {
          this.early.push(message);
          this.earlyChannel = channel;
        }
        return;
      }
      default:
        return;
    }
  }

  private onBroadcast(message: { offset: number; content: string }): void {
    this.options.record({ type: 'receive', client: this.options.client, offset: message.offset, content: message.content });
    this.receivedOffsets.add(message.offset);
    if (message.offset > this.lastOffset) this.lastOffset = message.offset;
  }

  private onSend(packet: Extract<SocketIoPacket, { kind: 'event' }>): void {
    const { client, protocol, record } = this.options;
    if (packet.args[0] !== protocol.sendEvent) return;
    const args = packet.args.slice(1);
    const offset = protocol.clientOffsetOf(args);
    if (offset === undefined) {
      record({ type: 'bad-send', client, event: protocol.sendEvent, args: JSON.stringify(args).slice(0, 200) });
      return;
    }
    const content = typeof args[0] === 'string' ? args[0] : undefined;
    let message = this.messages.get(offset);
    if (message && !message.done && (content === undefined || content === message.content)) {
      message.sends++;
      record({ type: 'info', client, msg: message.msg, attempt: message.sends - 1, reason: 'no ack yet: the page re-sends it' });
      record({ type: 'invoke', client, msg: message.msg, seq: message.seq, content: message.content, attempt: message.sends, ...sentAs(message.msg, offset) });
    } else if (message?.done && content === message.content && this.waiting[0]?.content !== content) {
      // A late copy of an acknowledged message: the page put it on the wire before the ack came back.
      message.sends++;
    } else {
      const typed = this.waiting.shift();
      const uses = (this.offsetsInUse.get(offset) ?? 0) + 1;
      this.offsetsInUse.set(offset, uses);
      const msg = uses === 1 ? offset : `${offset}~${uses}`;
      message = { msg, content: content ?? typed?.content ?? '', seq: ++this.seq, sends: 1, done: false };
      this.messages.set(offset, message);
      this.undone++;
      record({ type: 'invoke', client, msg, seq: message.seq, content: message.content, attempt: 1, ...sentAs(msg, offset) });
      typed?.resolve(msg);
    }
    if (packet.id !== undefined) this.packets.set(packet.id, { message, attempt: message.sends });
  }

  private onAck(id: number, args: unknown[]): void {
    const { client, protocol, record } = this.options;
    const sent = this.packets.get(id);
    if (!sent) return;
    this.packets.delete(id);
    const { message } = sent;
    if (message.done) return;
    message.done = true;
    this.undone--;
    if (protocol.isPositiveAck(args)) {
      record({ type: 'ok', client, msg: message.msg, attempt: sent.attempt, ack: 'server' });
    } else {
      record({ type: 'reject', client, msg: message.msg, attempt: sent.attempt, reason: refusalReason(args) });
    }
  }

  private onDisconnect(reason: string): void {
    this.isConnected = false;
    this.active = undefined;
    this.options.record({ type: 'disconnect', client: this.options.client, reason });
  }
}

/** The `sentAs` field of an invoke: the offset on the wire when the history names the message otherwise. */
function sentAs(msg: string, offset: string): { sentAs?: string } {
  return msg === offset ? {} : { sentAs: offset };
}

/** Whether `channel` is `known`: the same WebSocket, or a polling request of the same Engine.IO session. */
function sameChannel(channel: TrafficChannel, known: TrafficChannel): boolean {
  if (known.transport === 'websocket') return channel === known;
  return channel.transport === 'polling' && channel.sid !== undefined && channel.sid === known.sid;
}
