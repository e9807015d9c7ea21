import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type { UnstampedEvent } from '../history/recorder.js';
import type { ClientPromises } from '../model/promises.js';
import type { Protocol } from '../protocol/Protocol.js';

/** One message a client sends. */
export interface OutgoingMessage {
  /** The client offset: unique per message, across reconnects and clients. */
  msg: string;
  /** Position in the client's send order, from 1. */
  seq: number;
  content: string;
}

/** What a strategy gets to deliver with: the client's socket and its history. */
export interface StrategyContext {
  readonly client: string;
  readonly socket: Socket;
  readonly protocol: Protocol;
  /** Appends an event to the scenario's history. */
  record(event: UnstampedEvent): number;
}

/** Options every built-in strategy understands. */
export interface StrategyOptions {
  /** How long to wait for an ack before an attempt's outcome is unknown. */
  ackTimeoutMs: number;
  /** Retries after the first attempt; `Infinity` for unlimited. */
  retries: number;
}

/**
 * How a client tries to deliver. The client records attempt 1's `invoke`;
 * the strategy records later attempts and every outcome (`ok`, `fail`, `info`).
 *
 * @example
 * const strategy = strategies['queued-retry']({ ackTimeoutMs: 1000, retries: Infinity });
 */
export interface ClientStrategy {
  readonly name: string;
  /**
   * What it promises (send order, retries, whose ack): the campaign judges
   * only the anomaly kinds these allow (`reordered` needs `ordered`). Without
   * it, every promise is taken as made.
   */
  readonly promises?: ClientPromises;
  /** socket.io-client options this strategy needs (`retries`, `ackTimeout`, ...). */
  readonly socketOptions: Partial<ManagerOptions & SocketOptions>;
  /** Called once, when the client's socket is created. */
  attach?(context: StrategyContext): void;
  /** Sends one message; resolves when the strategy is done with it (delivered or given up). Never rejects. */
  send(context: StrategyContext, message: OutgoingMessage): Promise<void>;
}

/** Makes a strategy instance for one client. */
export type StrategyFactory = (options: StrategyOptions) => ClientStrategy;
