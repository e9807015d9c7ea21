import type { BroadcastMessage, Protocol } from './Protocol.js';

/**
 * The Socket.IO tutorial's protocol: `chat message` with `(content, clientOffset, ack)`;
 * broadcasts `chat message` with `(content, serverOffset)`; a positive ack carries no
 * `error`; `auth.serverOffset` on reconnect.
 *
 * @example
 * socket.emit(tutorialProtocol.sendEvent, ...tutorialProtocol.encodeSend('hi', 'c0-1'), ack);
 */
export const tutorialProtocol: Protocol = {
  name: 'tutorial',
  // A negative ack is `{ error }`.
  promises: { refusals: true },
  sendEvent: 'chat message',
  broadcastEvent: 'chat message',
  encodeSend: (content, clientOffset) => [content, clientOffset],
  clientOffsetOf: (args) => (typeof args[1] === 'string' ? args[1] : undefined),
  decodeBroadcast(args): BroadcastMessage | undefined {
    const [content, offset] = args;
    if (typeof content !== 'string') return undefined;
    const numeric = typeof offset === 'string' ? Number(offset) : offset;
    if (typeof numeric !== 'number' || !Number.isInteger(numeric)) return undefined;
    return { content, offset: numeric };
  },
  isPositiveAck(args) {
    const [first] = args;
    return !(first && typeof first === 'object' && 'error' in first);
  },
  auth: (lastOffset) => ({ serverOffset: lastOffset }),
};
