/**
 * What `client-reconnect` needs from a client: to drop its connection on
 * purpose and to come back. `ChaosClient` is meant to satisfy it.
 *
 * @example
 * client.disconnect(); // socket.disconnect(): no automatic reconnection
 * client.reconnect();  // socket.connect()
 */
export interface ReconnectableClient {
  readonly name: string;
  /**
   * Disconnects the socket on purpose (`socket.disconnect()`), without closing
   * the client for good: it does not reconnect on its own until
   * {@link reconnect}; messages sent meanwhile wait in its strategy.
   */
  disconnect(): void;
  /** Connects the socket again after {@link disconnect} (`socket.connect()`); nothing while connected or after `close()`. */
  reconnect(): void;
}

/**
 * Whether `client` can disconnect on purpose and come back.
 *
 * @example
 * if (isReconnectable(context.clients[0])) context.clients[0].disconnect();
 */
export function isReconnectable(client: object | undefined): client is ReconnectableClient {
  const candidate = client as Partial<ReconnectableClient> | undefined;
  return typeof candidate?.disconnect === 'function' && typeof candidate.reconnect === 'function';
}
