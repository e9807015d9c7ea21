import { importModule } from '../importModule.js';
import type { ProtocolConfig } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';
import type { BroadcastMessage, Protocol } from './Protocol.js';
import { tutorialProtocol } from './tutorial.js';

function splitClientOffset(clientOffset: string): { clientId: string; seq: number } {
  const cut = clientOffset.lastIndexOf('-');
  return { clientId: clientOffset.slice(0, cut), seq: Number(clientOffset.slice(cut + 1)) };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Builds a protocol from config fields: event names, a positional or object
 * payload, what counts as a positive ack, and the auth key for catch-up.
 * Fields left out keep the tutorial's behaviour.
 *
 * @example
 * const protocol = protocolFromFields({ payload: 'object', objectFields: { content: 'text', offset: 'id' }, ackOkField: 'ok' });
 * protocol.encodeSend('hi', 'c0-3'); // [{ clientId: 'c0', seq: 3, text: 'hi' }]
 */
export function protocolFromFields(config: ProtocolConfig = {}): Protocol {
  const fields = { clientId: 'clientId', seq: 'seq', content: 'content', offset: 'offset', ...config.objectFields };
  const objectPayload = config.payload === 'object';
  const authKey = config.authOffsetKey ?? 'serverOffset';
  return {
    name: objectPayload ? 'object-payload' : 'configured',
    // A negative ack: `{ ok: false }` with ackOkField, else the tutorial's `{ error }`.
    promises: { refusals: true },
    sendEvent: config.sendEvent ?? tutorialProtocol.sendEvent,
    broadcastEvent: config.broadcastEvent ?? tutorialProtocol.broadcastEvent,
    encodeSend(content, clientOffset) {
      if (!objectPayload) return [content, clientOffset];
      const { clientId, seq } = splitClientOffset(clientOffset);
      return [{ [fields.clientId]: clientId, [fields.seq]: seq, [fields.content]: content }];
    },
    clientOffsetOf(args) {
      if (!objectPayload) return tutorialProtocol.clientOffsetOf(args);
      const payload = asRecord(args[0]);
      if (!payload || payload[fields.clientId] === undefined || payload[fields.seq] === undefined) return undefined;
      return `${String(payload[fields.clientId])}-${String(payload[fields.seq])}`;
    },
    decodeBroadcast(args): BroadcastMessage | undefined {
      const payload = asRecord(args[0]);
      if (!payload) return tutorialProtocol.decodeBroadcast(args);
      const offset = Number(payload[fields.offset]);
      const content = payload[fields.content];
      return typeof content === 'string' && Number.isInteger(offset) ? { content, offset } : undefined;
    },
    isPositiveAck(args) {
      if (!config.ackOkField) return tutorialProtocol.isPositiveAck(args);
      return asRecord(args[0])?.[config.ackOkField] === true;
    },
    auth: (lastOffset) => ({ [authKey]: lastOffset }),
  };
}

/**
 * The protocol a config asks for: the tutorial's by default, one built from
 * fields, or a module whose default export implements {@link Protocol}.
 *
 * @throws SetupError when the module cannot be loaded or lacks what a Protocol needs.
 * @example
 * const protocol = await loadProtocol({ module: '/app/my-protocol.ts' });
 */
export async function loadProtocol(config: ProtocolConfig | undefined): Promise<Protocol> {
  if (!config) return tutorialProtocol;
  if (!config.module) return protocolFromFields(config);
  let loaded: { default?: Partial<Protocol> };
  try {
    loaded = (await importModule(config.module)) as { default?: Partial<Protocol> };
  } catch (err) {
    throw new SetupError(`cannot load protocol module ${config.module}: ${(err as Error).message}`);
  }
  const protocol = loaded.default;
  const needed = ['sendEvent', 'broadcastEvent', 'encodeSend', 'clientOffsetOf', 'decodeBroadcast', 'isPositiveAck', 'auth'] as const;
  const missing = needed.filter((key) => !protocol || protocol[key] === undefined);
  if (missing.length) {
    throw new SetupError(`protocol module ${config.module} must export default an object with ${missing.join(', ')} (see the Protocol type)`);
  }
  return protocol as Protocol;
}
