import type { Socket } from 'socket.io-client';

/** The parts of socket.io-client's Manager (4.x) that tell whether it is waiting out a reconnection delay. */
interface ManagerState {
  _reconnecting?: unknown;
  _readyState?: unknown;
}

/**
 * Whether `socket`'s manager lost its connection and is waiting out a
 * reconnection delay: no attempt under way (its state is `closed`) and one
 * scheduled (`_reconnecting`). These are socket.io-client's own fields, read
 * without changing them; a version without them reads as not waiting.
 *
 * @example
 * if (isWaitingToReconnect(socket)) reconnectAtOnce(socket);
 */
export function isWaitingToReconnect(socket: Socket): boolean {
  const manager = socket.io as unknown as ManagerState;
  return !socket.connected && manager._reconnecting === true && manager._readyState === 'closed';
}

/**
 * Ends the reconnection delay `socket`'s manager is waiting out and opens a
 * new connection now, with the same session id and offset (connection state
 * recovery is tried as on any reconnect) and the same queued packets and
 * pending acks. It goes through the public API: `disconnect()` on a socket
 * that is not connected only drops the manager's scheduled attempt (no
 * `disconnect` event: the socket had none to lose), and `connect()` opens at
 * once. Does nothing unless {@link isWaitingToReconnect}: an attempt under
 * way is left to finish, and a socket closed on purpose stays closed. For a
 * socket whose manager serves it alone (`forceNew`, as siochaos's clients):
 * a manager that still serves another namespace keeps its scheduled attempt.
 *
 * @returns whether a new attempt was started (the manager is no longer waiting).
 * @example
 * reconnectAtOnce(socket); // true: a connection is being opened now
 */
export function reconnectAtOnce(socket: Socket): boolean {
  if (!isWaitingToReconnect(socket)) return false;
  socket.disconnect();
  socket.connect();
  return !isWaitingToReconnect(socket);
}
