import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Server } from 'socket.io';
import { clusterAdapter, openAdapter, type NodeAdapter } from './adapter/openAdapter.js';
import { startCatchUp } from './chat/catchUp.js';
import { CHAT_EVENT, type ChatContext } from './chat/ChatContext.js';
import { DeferredBroadcasts } from './chat/DeferredBroadcasts.js';
import { LiveCursor } from './chat/LiveCursor.js';
import { handleChatMessage, unreachableFailpoint } from './chat/messageHandler.js';
import { NodeSync } from './chat/NodeSync.js';
import { guardRecovery } from './chat/recoveryGuard.js';
import { DEFAULTS, type ServerConfig } from './config.js';
import { startAdminServer, type AdminServer } from './failpoints/adminServer.js';
import { Failpoints } from './failpoints/Failpoints.js';
import { createLogger, errorMessage } from './log.js';
import { Mutex } from './mutex.js';
import { StartupError } from './StartupError.js';
import { openStore } from './store/openStore.js';
import type { Store } from './store/Store.js';

const log = createLogger('server');

/** The `dup-ack-no-broadcast-lost` bug's broadcast delay. */
export const DEFERRED_BROADCAST_MS = 100;

/** How long `close()` waits for in-flight messages before closing the store. */
const DRAIN_MS = 2000;

/** A reference server that is listening. */
export interface RunningServer {
  /** The address it listens on. */
  readonly host: string;
  readonly port: number;
  /** The admin endpoint's port, or null when it is off. */
  readonly adminPort: number | null;
  /** Disconnects every client, closes the admin endpoint and the store. */
  close(): Promise<void>;
}

/**
 * Starts the reference chat server: opens the store, listens with Socket.IO
 * (connection state recovery on, polling and websocket), and, when asked, the
 * admin endpoint. Rejects with a `StartupError` when it cannot start.
 *
 * @example
 * const server = await startReferenceServer(parseArgs(['--port', '0', '--db', 'chat.sqlite']).config);
 * console.log(server.port);
 * await server.close();
 */
export async function startReferenceServer(config: ServerConfig): Promise<RunningServer> {
  const store = await openStoreOrFail(config);
  const cursor = await startingCursor(store);
  const adapter = await openAdapterOrFail(config, store);
  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    ...(adapter ? { adapter: adapter.factory } : {}),
    connectionStateRecovery: { maxDisconnectionDuration: DEFAULTS.maxDisconnectionDurationMs },
    transports: ['polling', 'websocket'],
    allowUpgrades: true,
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
  });
  const ctx: ChatContext = {
    io,
    store,
    mutex: new Mutex(),
    bugs: config.bugs,
    failpoints: new Failpoints(),
    seenOffsets: new Set(),
    broadcastCount: 0,
    multiNode: adapter !== null,
    cursor,
    deferred: new DeferredBroadcasts(DEFERRED_BROADCAST_MS),
    sync: null,
  };
  if (adapter) {
    ctx.sync = new NodeSync(ctx, config.pollIntervalMs);
    ctx.sync.start();
  } else {
    guardRecovery(io.of('/').adapter, DEFAULTS.maxDisconnectionDurationMs);
  }

  io.on('connection', (socket) => {
    log.debug('socket %s connected (recovered %s, transport %s)', socket.id, socket.recovered, socket.conn.transport.name);
    socket.on(CHAT_EVENT, (...args: unknown[]) => handleChatMessage(ctx, socket, args));
    socket.on('disconnect', (reason) => log.debug('socket %s disconnected: %s', socket.id, reason));
    startCatchUp(ctx, socket);
  });
  io.engine.on('connection_error', (err: { message?: string }) => log.debug('engine connection error: %s', err.message));

  let admin: AdminServer | null = null;
  try {
    const address = await listen(httpServer, config.host, config.port);
    if (config.adminPort !== null) admin = await startAdmin(ctx, config.adminPort);
    if (config.bugs.list().length > 0) log.warn('running with planted bugs: %s', config.bugs.list().join(', '));
    log.debug('listening on %s:%d with %s store%s', address.address, address.port, store.kind, adapter ? ` and the ${adapter.kind} adapter` : '');

    let closing: Promise<void> | null = null;
    return {
      host: address.address,
      port: address.port,
      adminPort: admin?.port ?? null,
      close: () => (closing ??= shutdown(ctx, httpServer, admin, adapter)),
    };
  } catch (err) {
    await admin?.close();
    ctx.sync?.stop();
    await io.close();
    await adapter?.close();
    await store.close().catch(() => undefined);
    throw err;
  }
}

async function openStoreOrFail(config: ServerConfig): Promise<Store> {
  try {
    return await openStore(config.store, {
      table: config.table,
      uniqueOffsets: !config.bugs.hasAny('no-unique', 'memory-dedupe', 'node-memory-dedupe'),
      commitInIdOrder: true,
    });
  } catch (err) {
    throw new StartupError(errorMessage(err));
  }
}

async function openAdapterOrFail(config: ServerConfig, store: Store): Promise<NodeAdapter | null> {
  if (config.workers !== null) return await clusterAdapter();
  if (config.adapter === null) return null;
  try {
    return await openAdapter(config.adapter, { errorListeners: !config.bugs.has('no-adapter-error-listener') });
  } catch (err) {
    await store.close().catch(() => undefined);
    throw new StartupError(`cannot set up the ${config.adapter.kind} adapter: ${errorMessage(err)}`);
  }
}

/** The live room starts from the table's last row: every row before it was broadcast by an earlier run or is caught up. */
async function startingCursor(store: Store): Promise<LiveCursor> {
  try {
    return new LiveCursor(await store.lastId());
  } catch (err) {
    await store.close().catch(() => undefined);
    throw new StartupError(`cannot read the last id of the messages table: ${errorMessage(err)}`);
  }
}

function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new StartupError(`port ${port} on ${host} is already in use: pick another --port, or 0 for any free port`));
      } else if (err.code === 'EACCES') {
        reject(new StartupError(`no permission to listen on ${host}:${port}: use a port above 1023, or 0 for any free port`));
      } else {
        reject(new StartupError(`cannot listen on ${host}:${port}: ${err.message}`));
      }
    };
    server.once('error', onError);
    // exclusive: a node:cluster worker binds a port of its own instead of sharing the primary's (one port per node).
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      server.on('error', (err) => log.warn('http server error: %s', errorMessage(err)));
      resolve(server.address() as AddressInfo);
    });
  });
}

async function startAdmin(ctx: ChatContext, port: number): Promise<AdminServer> {
  try {
    return await startAdminServer({
      port,
      failpoints: ctx.failpoints,
      unreachable: (point) => unreachableFailpoint(ctx.bugs, point),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(`admin port ${port} on 127.0.0.1 is already in use: pick another --admin-port, or 0 for any free port`);
    }
    throw new StartupError(`cannot start the admin endpoint on 127.0.0.1:${port}: ${errorMessage(err)}`);
  }
}

async function shutdown(ctx: ChatContext, httpServer: http.Server, admin: AdminServer | null, adapter: NodeAdapter | null): Promise<void> {
  log.debug('shutting down');
  ctx.deferred.cancelAll();
  ctx.cursor.stop();
  ctx.sync?.stop();
  await admin?.close();
  const closed = ctx.io.close();
  httpServer.closeAllConnections();
  await closed;
  await adapter?.close();
  const drained = await Promise.race([ctx.mutex.idle().then(() => true), delay(DRAIN_MS).then(() => false)]);
  if (!drained) log.warn('%d messages still in flight after %d ms: closing the store anyway', ctx.mutex.pending, DRAIN_MS);
  await ctx.store.close().catch((err: unknown) => log.warn('closing the store failed: %s', errorMessage(err)));
  log.debug('shut down');
}
