import type { ProbeKind } from '../history/events.js';

/**
 * What scenario commands, faults and the final phase need from a client under
 * test: a Node socket.io client ({@link ChaosClient}) or the target's own page
 * in a browser (`BrowserClient`). Every client records its own history events
 * (invoke, ok, fail, info, receive, connect, disconnect) as it goes.
 *
 * @example
 * const clients: ScenarioClient[] = [nodeClient, browserClient];
 * await Promise.all(clients.map((c) => c.connect()));
 * clients[0]!.send('hello');
 * await Promise.all(clients.map((c) => c.drain(10_000)));
 * await Promise.all(clients.map((c) => c.close()));
 */
export interface ScenarioClient {
  /** The client's name in the history, e.g. `c0`. */
  readonly name: string;
  /** Whether it is connected right now. */
  readonly connected: boolean;
  /** The highest server offset it has received. */
  readonly highestOffset: number;
  /** Messages sent that it is not done with yet (neither acknowledged nor given up). */
  readonly pending: number;
  /**
   * Starts connecting; it keeps reconnecting on its own until {@link close}.
   *
   * @throws SetupError (from the returned promise) when it cannot even start, e.g. a page that does not load.
   */
  connect(): void | Promise<void>;
  /**
   * Sends one message without waiting for its outcome.
   *
   * @returns the message's client offset: at once for a Node client, once the
   * page has put it on the wire for a browser (the page picks its own offsets).
   * Never rejects.
   */
  send(content: string): string | Promise<string>;
  /**
   * Ends a wait between reconnection attempts now: a client whose connection
   * was lost and that is waiting out its reconnection delay tries again at
   * once. Does nothing while it is connected, while an attempt is under way,
   * after it was disconnected on purpose, or after {@link close}. The final
   * phase calls it once everything is healed, so that a scenario does not
   * wait for a delay grown under faults that are gone. Clients that cannot
   * (a page) leave it out.
   */
  reconnectNow?(): void;
  /** Waits until it is connected; false on timeout. */
  waitConnected(timeoutMs: number): Promise<boolean>;
  /** Waits until it is disconnected; false on timeout. */
  waitDisconnected(timeoutMs: number): Promise<boolean>;
  /** Waits until it is done with every message sent; false on timeout. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Waits until it has received a broadcast with at least `offset`; false on timeout. */
  waitForOffset(offset: number, timeoutMs: number): Promise<boolean>;
  /**
   * Records what the client shows at the end of the scenario (a page's list,
   * as a final `page-view` event), given the rows the target stored, read
   * at the end. Clients that show nothing leave it out.
   */
  recordShown?(rows: readonly { offset: number; content: string }[]): Promise<void>;
  /**
   * Sends a robustness probe (see `probePayload`) in the target's protocol and
   * records it as a `probe` event. Clients that cannot send raw arguments (a
   * page) leave it out.
   */
  probe?(kind: ProbeKind): void;
  /** Disconnects on purpose and stops reconnecting. Idempotent. */
  close(): void | Promise<void>;
}
