import type { Socket } from 'socket.io-client';

/**
 * Empties what socket.io-client buffered on a connection that closed before
 * its CONNECT ack, and returns how many packets that was.
 *
 * socket.io-client keeps every event that arrives before the CONNECT ack in
 * `socket.receiveBuffer` and hands them to the listeners once an ack comes,
 * but never empties that buffer when the connection closes. A recovering
 * server sends the session's missed packets before its CONNECT ack; when the
 * connection is cut between the two, the client reconnects with the same
 * session id and offset, the server replays the same packets, and the
 * listeners get each of them twice (the stale copy and the replay), or a
 * stale copy and the same row again from a database catch-up. Those packets
 * were sent on a connection the client never joined: the next connection
 * brings them again, so dropping them loses nothing. Call it on `disconnect`.
 *
 * @example
 * socket.on('disconnect', () => {
 *   const dropped = dropStaleReceiveBuffer(socket);
 *   if (dropped > 0) console.log(`dropped ${dropped} packets of a connection that never connected`);
 * });
 */
export function dropStaleReceiveBuffer(socket: Socket): number {
  const dropped = socket.receiveBuffer.length;
  socket.receiveBuffer = [];
  return dropped;
}
