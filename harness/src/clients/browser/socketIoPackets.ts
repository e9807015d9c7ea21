/**
 * Reading Engine.IO (v4) and Socket.IO (v5 protocol) packets as they cross a
 * page's wire: one packet per WebSocket frame, several per HTTP long-polling
 * body (separated by the record separator, 0x1e). Pure functions.
 */

/** A Socket.IO packet of the page's main namespace or another one. */
export type SocketIoPacket =
  | { kind: 'connect'; nsp: string; data: unknown }
  | { kind: 'disconnect'; nsp: string }
  | { kind: 'event'; nsp: string; id: number | undefined; args: unknown[] }
  | { kind: 'ack'; nsp: string; id: number; args: unknown[] }
  | { kind: 'connect-error'; nsp: string; data: unknown }
  /** Binary events and acks: their arguments travel in frames of their own, not read here. */
  | { kind: 'binary'; nsp: string };

/** An Engine.IO packet; `message` carries a Socket.IO packet. */
export type EngineIoPacket =
  | { type: 'open'; sid: string | undefined }
  | { type: 'close' }
  | { type: 'ping' | 'pong' | 'upgrade' | 'noop' }
  | { type: 'message'; packet: SocketIoPacket | undefined }
  /** A binary (base64) packet on a polling transport. */
  | { type: 'binary' };

const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;

/** The separator of packets in a long-polling body. */
const RECORD_SEPARATOR = '\x1e';

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads one Socket.IO packet: `<type>[<attachments>-][<nsp>,][<id>][<json>]`.
 *
 * @returns the packet, or undefined when it is not one.
 * @example
 * parseSocketIoPacket('42["chat message","hi",7]'.slice(1)); // { kind: 'event', nsp: '/', id: undefined, args: ['chat message', 'hi', 7] }
 * parseSocketIoPacket('312[]'); // { kind: 'ack', nsp: '/', id: 12, args: [] }
 */
export function parseSocketIoPacket(text: string): SocketIoPacket | undefined {
  const type = text.charCodeAt(0) - 48;
  if (!(type >= 0 && type <= 6)) return undefined;
  let i = 1;
  if (type === 5 || type === 6) {
    const dash = text.indexOf('-', i);
    if (dash < 0) return undefined;
    i = dash + 1;
  }
  let nsp = '/';
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    nsp = comma < 0 ? text.slice(i) : text.slice(i, comma);
    i = comma < 0 ? text.length : comma + 1;
  }
  if (type === 5 || type === 6) return { kind: 'binary', nsp };
  const idStart = i;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const id = i > idStart ? Number(text.slice(idStart, i)) : undefined;
  let data: unknown;
  if (i < text.length) {
    const parsed = parseJson(text.slice(i));
    if (!parsed.ok) return undefined;
    data = parsed.value;
  }
  switch (type) {
    case 0:
      return { kind: 'connect', nsp, data };
    case 1:
      return { kind: 'disconnect', nsp };
    case 2:
      return Array.isArray(data) ? { kind: 'event', nsp, id, args: data } : undefined;
    case 3:
      return id !== undefined && Array.isArray(data) ? { kind: 'ack', nsp, id, args: data } : undefined;
    default:
      return { kind: 'connect-error', nsp, data };
  }
}

/**
 * Reads one Engine.IO packet, as a WebSocket frame carries it.
 *
 * @returns the packet, or undefined when it is not one.
 * @example
 * parseEngineIoPacket('0{"sid":"abc","upgrades":[]}'); // { type: 'open', sid: 'abc' }
 * parseEngineIoPacket('42["chat message","hi",7]'); // { type: 'message', packet: { kind: 'event', ... } }
 */
export function parseEngineIoPacket(text: string): EngineIoPacket | undefined {
  if (text.startsWith('b')) return { type: 'binary' };
  const type = ENGINE_TYPES[text.charCodeAt(0) - 48];
  switch (type) {
    case undefined:
      return undefined;
    case 'open': {
      const parsed = parseJson(text.slice(1));
      const sid = parsed.ok ? (parsed.value as { sid?: unknown } | null)?.sid : undefined;
      return { type: 'open', sid: typeof sid === 'string' ? sid : undefined };
    }
    case 'message':
      return { type: 'message', packet: parseSocketIoPacket(text.slice(1)) };
    case 'close':
      return { type: 'close' };
    default:
      return { type };
  }
}

/**
 * Reads the Engine.IO packets of a long-polling body (or of one WebSocket
 * frame: a body of one packet).
 *
 * @example
 * parseEngineIoPayload('40{"sid":"x"}\x1e42["chat message","hi",1]').length; // 2
 */
export function parseEngineIoPayload(body: string): EngineIoPacket[] {
  const packets: EngineIoPacket[] = [];
  for (const part of body.split(RECORD_SEPARATOR)) {
    const packet = part === '' ? undefined : parseEngineIoPacket(part);
    if (packet) packets.push(packet);
  }
  return packets;
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
