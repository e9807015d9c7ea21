/**
 * Reading Engine.IO (v4) and Socket.IO (v5 protocol) packets as they cross a
 * page's wire, with the parsers socket.io itself uses (engine.io-parser,
 * socket.io-parser): one packet per WebSocket frame, several per HTTP
 * long-polling body. A binary event or ack comes whole once its attachments
 * have arrived: binary frames of their own on a WebSocket, base64 `b`
 * packets on long-polling.
 */
import { decodePacket, decodePayload, type Packet as EnginePacket } from 'engine.io-parser';
import { Decoder, PacketType, type Packet } from 'socket.io-parser';

/** A Socket.IO packet of the page's main namespace or another one (binary ones with their attachments in place). */
export type SocketIoPacket =
  | { kind: 'connect'; nsp: string; data: unknown }
  | { kind: 'disconnect'; nsp: string }
  | { kind: 'event'; nsp: string; id: number | undefined; args: unknown[] }
  | { kind: 'ack'; nsp: string; id: number; args: unknown[] }
  | { kind: 'connect-error'; nsp: string; data: unknown };

/** An Engine.IO packet; a `message` carries a whole Socket.IO packet. */
export type EngineIoPacket =
  | { type: 'open'; sid: string | undefined }
  | { type: 'close' | 'ping' | 'pong' | 'upgrade' | 'noop' }
  | { type: 'message'; packet: SocketIoPacket };

/**
 * Reads what one direction of one connection carries (what a page sends on a
 * WebSocket, or receives on the long-polling requests of one session), in
 * order: a binary packet's attachments follow it in later frames or packets.
 * What is not a valid packet is left out.
 *
 * @example
 * const reader = new PacketReader();
 * reader.read('451-["chat message","hi",7,{"_placeholder":true,"num":0}]', 'websocket'); // []: waits for its attachment
 * reader.read(Buffer.from([1, 2]), 'websocket');
 * // [{ type: 'message', packet: { kind: 'event', nsp: '/', id: undefined, args: ['chat message', 'hi', 7, <Buffer 01 02>] } }]
 */
export class PacketReader {
  #decoder = this.#newDecoder();
  #decoded: Packet[] = [];

  /** The packets a WebSocket frame, or a long-polling body, completes. */
  read(body: string | Buffer, transport: 'websocket' | 'polling'): EngineIoPacket[] {
    const enginePackets = typeof body === 'string' && transport === 'polling' ? decodePayload(body, 'nodebuffer') : [decodePacket(body, 'nodebuffer')];
    const packets: EngineIoPacket[] = [];
    for (const packet of enginePackets) {
      if (packet.type === 'message') {
        for (const decoded of this.#decode(packet.data)) packets.push({ type: 'message', packet: decoded });
      } else if (packet.type === 'open') {
        packets.push({ type: 'open', sid: sidOf(packet) });
      } else if (packet.type !== 'error') {
        packets.push({ type: packet.type });
      }
    }
    return packets;
  }

  #newDecoder(): Decoder {
    const decoder = new Decoder();
    decoder.on('decoded', (packet) => this.#decoded.push(packet));
    return decoder;
  }

  /** Hands a message's data to the Socket.IO decoder; a packet it cannot read is dropped, and with it a binary packet left unfinished. */
  #decode(data: unknown): SocketIoPacket[] {
    try {
      this.#decoder.add(data);
    } catch {
      this.#decoder.destroy();
      this.#decoder = this.#newDecoder();
    }
    return this.#decoded.splice(0).flatMap((packet) => {
      const read = socketIoPacket(packet);
      return read ? [read] : [];
    });
  }
}

function socketIoPacket({ type, nsp, data, id }: Packet): SocketIoPacket | undefined {
  switch (type) {
    case PacketType.CONNECT:
      return { kind: 'connect', nsp, data };
    case PacketType.DISCONNECT:
      return { kind: 'disconnect', nsp };
    case PacketType.EVENT:
      return { kind: 'event', nsp, id, args: data as unknown[] };
    case PacketType.ACK:
      return id === undefined ? undefined : { kind: 'ack', nsp, id, args: data as unknown[] };
    case PacketType.CONNECT_ERROR:
      return { kind: 'connect-error', nsp, data };
    default:
      return undefined;
  }
}

/** The session id of an open packet (JSON after its type). */
function sidOf(packet: EnginePacket): string | undefined {
  try {
    const sid = (JSON.parse(String(packet.data)) as { sid?: unknown } | null)?.sid;
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Engine.IO session id and transport of a Socket.IO request URL, or
 * undefined when the URL is not a Socket.IO one (`/socket.io/?EIO=4&...`).
 *
 * @example
 * engineIoRequest('http://127.0.0.1:4000/socket.io/?EIO=4&transport=polling&sid=abc'); // { transport: 'polling', sid: 'abc' }
 */
export function engineIoRequest(url: string): { transport: string; sid: string | undefined } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const transport = parsed.searchParams.get('transport');
  if (!parsed.searchParams.has('EIO') || !transport) return undefined;
  return { transport, sid: parsed.searchParams.get('sid') ?? undefined };
}
