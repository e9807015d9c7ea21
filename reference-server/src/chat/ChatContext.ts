import type { Server } from 'socket.io';
import type { BugSet } from '../bugs.js';
import type { Failpoints } from '../failpoints/Failpoints.js';
import type { Mutex } from '../mutex.js';
import type { Store } from '../store/Store.js';
import type { DeferredBroadcasts } from './DeferredBroadcasts.js';
import type { LiveCursor } from './LiveCursor.js';
import type { NodeSync } from './NodeSync.js';

/** The room every caught-up socket is in; broadcasts go to it, never to everyone. */
export const LIVE_ROOM = 'live';

/** The event clients send and the server broadcasts. */
export const CHAT_EVENT = 'chat message';

/**
 * What the message handler and the catch-up share: one per server process.
 *
 * @example
 * io.on('connection', (socket) => socket.on(CHAT_EVENT, (...args: unknown[]) => handleChatMessage(ctx, socket, args)));
 */
export interface ChatContext {
  io: Server;
  store: Store;
  /** Held around "insert + broadcast" and "catch-up query + emit rows + join live". */
  mutex: Mutex;
  bugs: BugSet;
  failpoints: Failpoints;
  /** The `memory-dedupe` and `node-memory-dedupe` bugs' Set of client offsets already stored. */
  seenOffsets: Set<string>;
  /** The `node-local-offsets` bug's count of rows this node has broadcast since it started. */
  broadcastCount: number;
  /** Whether this is one node of several (it runs with an adapter). */
  multiNode: boolean;
  /** The highest row id broadcast to the live room; catch-ups stop there. */
  cursor: LiveCursor;
  /** The `dup-ack-no-broadcast-lost` bug's pending broadcasts. */
  deferred: DeferredBroadcasts;
  /**
   * With an adapter (one node of several sharing the store): how this node
   * learns of rows the others stored. Null for a single process. Each node
   * publishes to its own clients only (`io.local`), from the table.
   */
  sync: NodeSync | null;
}
