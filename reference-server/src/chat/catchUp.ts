import { setTimeout as delay } from 'node:timers/promises';
import type { Socket } from 'socket.io';
import type { BugSet } from '../bugs.js';
import { createLogger, errorMessage } from '../log.js';
import type { CatchUpQuery, StoredRow } from '../store/Store.js';
import { CHAT_EVENT, LIVE_ROOM, type ChatContext } from './ChatContext.js';
import { broadcastsThroughAdapter } from './publishNewRows.js';
import { serverOffsetOf } from './serverOffset.js';

const log = createLogger('catch-up');

/** The `catchup-race` bug's gap between joining the live room and querying (an auth lookup, say). */
export const CATCHUP_RACE_WINDOW_MS = 100;

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 2000;

/**
 * Brings a newly connected socket up to date, then lets it into the live room.
 *
 * A socket that connection state recovery restored into the live room needs
 * nothing on a single node: socket.io replayed what it missed (recoveryGuard.ts
 * keeps that replay right: one socket per session, no row twice). On one node of
 * several it is caught up like any other (recovery replays only packets that
 * went through the adapter, and rows go out node-locally). Any other socket (new, not
 * recovered, or recovered from a session that never finished its catch-up)
 * gets, holding the mutex, every row with `id > auth.serverOffset` in id order,
 * up to the last row broadcast to the live room (a row stored but not yet
 * broadcast reaches it with the live room), and then joins the live room, all
 * in one tick after the query, so no broadcast can come between. If the query fails it is retried while the
 * socket stays connected.
 *
 * @example
 * io.on('connection', (socket) => startCatchUp(ctx, socket));
 */
export function startCatchUp(ctx: ChatContext, socket: Socket): void {
  const { bugs } = ctx;
  if (socket.recovered && socket.rooms.has(LIVE_ROOM) && !bugs.has('catchup-ignores-recovered')) {
    if (!ctx.multiNode || bugs.has('trust-recovered')) {
      log.debug('socket %s recovered into the live room: no catch-up', socket.id);
      return;
    }
    // One node of several: recovery replays only what went through the
    // adapter, and rows go out node-locally. Out of the live room until the
    // table has caught it up, so that no row comes twice.
    log.debug('socket %s recovered (one node of several): caught up from the table all the same', socket.id);
    socket.leave(LIVE_ROOM);
  }
  const { offset, invalid } = serverOffsetOf(socket.handshake.auth);
  if (invalid !== undefined) log.warn('socket %s sent auth.serverOffset %s, not a non-negative integer: using 0', socket.id, invalid);

  if (bugs.has('no-db-catchup')) {
    socket.join(LIVE_ROOM);
    return;
  }
  if (bugs.has('catchup-race')) {
    void racyCatchUp(ctx, socket, offset);
    return;
  }
  void serialisedCatchUp(ctx, socket, offset);
}

/**
 * Sends one catch-up row to `socket`, node-locally and at once, like the live
 * room's broadcasts. Not `socket.emit`: with connection state recovery on,
 * that goes through `adapter.broadcast`, and the cluster-style adapters
 * (postgres, redis-streams, cluster) deliver it only after publishing it to
 * the other nodes (postgres: one `pg_notify` each, on a pool of several
 * connections), so catch-up rows came late, in any order, after live rows.
 * On a single node (the in-memory adapter) it is stored for recovery as
 * `socket.emit` would store it.
 *
 * @example
 * emitToSocket(ctx, socket, { id: 7, clientOffset: 'c0-1', content: 'hi' });
 */
export function emitToSocket(ctx: ChatContext, socket: Socket, row: StoredRow): void {
  ctx.io.local.to(socket.id).emit(CHAT_EVENT, row.content, row.id);
}

function catchUpQuery(bugs: BugSet, after: number, upTo?: number): CatchUpQuery {
  return { after, inclusive: bugs.has('catchup-gte'), reversed: bugs.has('catchup-no-order'), upTo };
}

async function serialisedCatchUp(ctx: ChatContext, socket: Socket, after: number): Promise<void> {
  let wait = RETRY_FIRST_MS;
  for (let attempt = 1; socket.connected; attempt += 1) {
    try {
      await ctx.mutex.runExclusive(async () => {
        // Rows above the cursor are not broadcast yet: the live room gets them when they are.
        // Rows broadcast through the adapter (a bug) did not move this node's cursor: the tutorial's catch-up reads them all.
        const upTo = broadcastsThroughAdapter(ctx) ? undefined : ctx.cursor.upTo;
        const rows = await ctx.store.rowsAfter(catchUpQuery(ctx.bugs, after, upTo));
        if (!socket.connected) {
          log.debug('socket %s left before its catch-up of %d rows: dropped', socket.id, rows.length);
          return;
        }
        for (const row of rows) emitToSocket(ctx, socket, row);
        socket.join(LIVE_ROOM);
        log.debug('socket %s caught up from %d with %d rows, joined %s', socket.id, after, rows.length, LIVE_ROOM);
      });
      return;
    } catch (err) {
      log.warn('catch-up of socket %s failed (attempt %d), retrying in %d ms: %s', socket.id, attempt, wait, errorMessage(err));
      await delay(wait);
      wait = Math.min(wait * 2, RETRY_MAX_MS);
    }
  }
}

/** The `catchup-race` bug: live first, then an unserialised query, so broadcasts and catch-up rows interleave. */
async function racyCatchUp(ctx: ChatContext, socket: Socket, after: number): Promise<void> {
  socket.join(LIVE_ROOM);
  try {
    await delay(CATCHUP_RACE_WINDOW_MS);
    const rows = await ctx.store.rowsAfter(catchUpQuery(ctx.bugs, after));
    for (const row of rows) emitToSocket(ctx, socket, row);
  } catch (err) {
    log.warn('catch-up of socket %s failed: %s', socket.id, errorMessage(err));
  }
}
