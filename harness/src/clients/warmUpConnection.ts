import { io } from 'socket.io-client';

/**
 * Opens one Socket.IO connection to `url` and leaves at once (a client
 * disconnect: no session kept for recovery), so that the server's first
 * connection (its modules loaded, its handlers compiled, its first store
 * query) is paid for before a scenario's clients connect. Never throws: a
 * target that does not accept it within `timeoutMs` is left as it is, and its
 * scenario reports what its own clients meet.
 *
 * @returns whether the connection was made.
 * @example
 * await warmUpConnection('http://127.0.0.1:3000', { serverOffset: 0 }, 2000); // true
 */
export async function warmUpConnection(url: string, auth: Record<string, unknown>, timeoutMs: number): Promise<boolean> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs, auth });
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.once('connect_error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  } finally {
    socket.disconnect();
  }
}
