import type { BugSet } from './bugs.js';
import type { StoreLocation } from './store/openStore.js';

/** Everything the reference server needs to start, fully resolved. */
export interface ServerConfig {
  /** A loopback address to listen on. */
  host: string;
  /** 0 for any free port. */
  port: number;
  store: StoreLocation;
  /** The messages table's name. */
  table: string;
  bugs: BugSet;
  /** Port of the admin endpoint on 127.0.0.1 (0 = any), or null for none. */
  adminPort: number | null;
  /** Exit when stdin reaches EOF (the process that started us died). */
  exitWithStdin: boolean;
  /** Engine.IO heartbeat: how often the server pings. */
  pingIntervalMs: number;
  /** Engine.IO heartbeat: how long a ping may go unanswered before the connection is dropped. */
  pingTimeoutMs: number;
}

/**
 * Defaults of every option, in one place.
 *
 * @example
 * const port = args.port ?? DEFAULTS.port;
 */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 3000,
  db: 'chat.sqlite',
  table: 'messages',
  busyTimeoutMs: 2000,
  queryTimeoutMs: 2000,
  /** Socket.IO's own defaults. */
  pingIntervalMs: 25_000,
  pingTimeoutMs: 20_000,
  /** Connection state recovery window, as in the tutorial. */
  maxDisconnectionDurationMs: 120_000,
} as const;

/** Limits of the `chat message` arguments; bigger ones are rejected. */
export const LIMITS = {
  contentChars: 10_000,
  clientOffsetChars: 200,
} as const;
