import { io } from 'socket.io-client';

/**
 * Opens one Socket.IO connection to `url` and leaves at once (a client
 * disconnect: no session kept for recovery), so that the server's first
 * connection (its modules loaded, its handlers compiled, its first store
 * query) is paid for before a scenario's clients connect. Never throws: a
 * target that does not accept it within `timeoutMs`, or before `signal` is
 * aborted (an interrupt does not wait for it), is left as it is, and its
 * scenario reports what its own clients meet.
 *
 * @returns whether the connection was made.
 * @example
 * await warmUpConnection('http://127.0.0.1:3000', { serverOffset: 0 }, 2000); // true
 */
export async function warmUpConnection(url: string, auth: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs, auth });
  let settle: (made: boolean) => void = () => undefined;
  const made = new Promise<boolean>((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle(false), timeoutMs);
  const abort = (): void => settle(false);
  signal?.addEventListener('abort', abort, { once: true });
  socket.once('connect', () => settle(true));
  socket.once('connect_error', () => settle(false));
  try {
    return await made;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
    socket.disconnect();
  }
}
