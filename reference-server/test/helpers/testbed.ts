import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { launchReferenceServer, type LaunchedReferenceServer, type LaunchOptions } from '../../src/launch.js';

/** One chat message a client received: `(content, id)`. */
export interface Received {
  content: string;
  id: number;
}

/** The outcome of one send: a positive ack, a rejection, or nothing within the timeout. */
export type SendOutcome = 'ack' | 'timeout' | { error: string };

/** A socket.io-client socket that records what it receives. */
export interface TestClient {
  socket: Socket;
  received: Received[];
  /** Whether the last connect was a connection state recovery. */
  recovered(): boolean;
  /** Emits `chat message (content, clientOffset, ack)` and waits up to `timeoutMs` for the ack. */
  send(content: string, clientOffset: string, timeoutMs?: number): Promise<SendOutcome>;
  /** Resolves once `count` messages have been received; rejects after `timeoutMs`. */
  waitForReceived(count: number, timeoutMs?: number): Promise<Received[]>;
  /** Ids received, in order. */
  ids(): number[];
}

/** Client options: auth.serverOffset, transports, whether to reconnect. */
export interface ClientOptions {
  serverOffset?: unknown;
  transports?: ('polling' | 'websocket')[];
  reconnection?: boolean;
  /** Keep auth.serverOffset at the last id received, as the tutorial's client does. */
  trackServerOffset?: boolean;
}

/**
 * Real processes and sockets for one test file, all cleaned up by `cleanup()`
 * (call it in afterEach): servers stopped, clients closed, temp dirs removed.
 *
 * @example
 * const bed = new Testbed();
 * afterEach(() => bed.cleanup());
 * const server = await bed.launch({ db: await bed.dbPath() });
 */
export class Testbed {
  readonly #servers: LaunchedReferenceServer[] = [];
  readonly #clients: Socket[] = [];
  readonly #dirs: string[] = [];

  async tempDir(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-refserver-'));
    this.#dirs.push(dir);
    return dir;
  }

  async dbPath(): Promise<string> {
    return path.join(await this.tempDir(), 'chat.sqlite');
  }

  async launch(options: LaunchOptions): Promise<LaunchedReferenceServer> {
    const server = await launchReferenceServer(options);
    this.#servers.push(server);
    return server;
  }

  /** Connects a client and waits for its connect event. */
  async connect(server: { host: string; port: number }, options: ClientOptions = {}): Promise<TestClient> {
    const auth: Record<string, unknown> = {};
    if (options.serverOffset !== undefined) auth.serverOffset = options.serverOffset;
    const socket = io(`http://${server.host}:${server.port}`, {
      auth,
      transports: options.transports ?? ['websocket'],
      reconnection: options.reconnection ?? false,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      forceNew: true,
    });
    this.#clients.push(socket);
    const received: Received[] = [];
    let recovered = false;
    socket.on('chat message', (content: string, id: number) => {
      received.push({ content, id });
      if (options.trackServerOffset) auth.serverOffset = id;
    });
    socket.on('connect', () => {
      recovered = socket.recovered;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return {
      socket,
      received,
      recovered: () => recovered,
      ids: () => received.map((r) => r.id),
      async send(content, clientOffset, timeoutMs = 2000) {
        try {
          const reply: unknown = await socket.timeout(timeoutMs).emitWithAck('chat message', content, clientOffset);
          if (reply && typeof reply === 'object' && 'error' in reply) return reply as { error: string };
          return 'ack';
        } catch {
          return 'timeout';
        }
      },
      waitForReceived: (count, timeoutMs = 3000) =>
        waitFor(() => received.length >= count, timeoutMs, () => `received ${received.length} of ${count} messages`).then(
          () => received,
        ),
    };
  }

  async cleanup(): Promise<void> {
    for (const socket of this.#clients.splice(0)) socket.disconnect();
    await Promise.all(this.#servers.splice(0).map((server) => server.stop()));
    await Promise.all(this.#dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/**
 * Polls `condition` every 10 ms until it holds; rejects after `timeoutMs` with `describe()`.
 *
 * @example
 * await waitFor(() => client.received.length === 3, 2000, () => 'three messages');
 */
export async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(10);
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
