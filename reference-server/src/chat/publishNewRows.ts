import type { Socket } from 'socket.io';
import { createLogger, errorMessage } from '../log.js';
import type { StoredRow } from '../store/Store.js';
import { CHAT_EVENT, LIVE_ROOM, type ChatContext } from './ChatContext.js';

const log = createLogger('chat');

/** The message being handled: its sender, and its row's id when its insert returned one. */
export interface OwnMessage {
  socket: Socket;
  content: string;
  clientOffset: string;
  /** The id its insert returned; absent after a duplicate or an error. */
  id?: number;
}

/**
 * Broadcasts to this node's live room every stored row it has not been sent yet
 * (`id > ctx.cursor.upTo`), in id order, and advances the cursor: broadcasts
 * come from the table, not from an insert's reply, so a row whose commit reply
 * was lost is broadcast by the next publication (the retry's duplicate path, or
 * the next insert), once. When `own.id` is the row right after the cursor, the
 * query is skipped (the common case: nothing can be between). A table that
 * cannot be read is logged and tried again shortly; never throws.
 * Runs holding the mutex. One node of several publishes every node's rows to
 * its own clients; after a message of its own it tells the others
 * (`ctx.sync.notify`).
 *
 * @example
 * await ctx.mutex.runExclusive(async () => {
 *   const result = await ctx.store.insert(content, clientOffset);
 *   await publishNewRows(ctx, { socket, content, clientOffset, id: result.kind === 'inserted' ? result.id : undefined });
 * });
 */
export async function publishNewRows(ctx: ChatContext, own?: OwnMessage): Promise<void> {
  const { cursor } = ctx;
  if (broadcastsThroughAdapter(ctx)) {
    // The adapter-broadcast and trust-recovered bugs: the node that stored a row
    // broadcasts it to every node's live room through the adapter, as the
    // tutorial broadcasts the insert's reply; the table is not read.
    if (own?.id === undefined) return;
    ctx.io.to(LIVE_ROOM).emit(CHAT_EVENT, own.content, own.id);
    cursor.advance(own.id);
    return;
  }
  let rows: StoredRow[];
  if (own?.id !== undefined && own.id === cursor.upTo + 1) {
    rows = [{ id: own.id, clientOffset: own.clientOffset, content: own.content }];
  } else {
    try {
      rows = await ctx.store.rowsAfter({ after: cursor.upTo });
    } catch (err) {
      log.warn('cannot read the rows after %d to broadcast them, retrying soon: %s', cursor.upTo, errorMessage(err));
      cursor.retryLater(() => {
        ctx.mutex.runExclusive(() => publishNewRows(ctx)).catch((e: unknown) => log.warn('publication failed: %s', errorMessage(e)));
      });
      return;
    }
  }
  cursor.caughtUp();
  const before = cursor.upTo;
  for (const row of rows) {
    if (row.id <= cursor.upTo) continue;
    if (row.id !== own?.id && ctx.sync === null) log.debug('row %d (%s) was not broadcast at its insert: broadcast now', row.id, row.clientOffset);
    sendRow(ctx, row, own);
    cursor.advance(row.id);
  }
  // Rows this node found while handling a message of its own: tell the other nodes.
  if (own !== undefined && cursor.upTo > before) ctx.sync?.notify(cursor.upTo);
}

/**
 * Whether rows go to every node's live room through the adapter from the node
 * that stored them (the `adapter-broadcast` and `trust-recovered` bugs)
 * instead of each node publishing the table to its own clients.
 *
 * @example
 * if (broadcastsThroughAdapter(ctx)) io.to('live').emit('chat message', content, id);
 */
export function broadcastsThroughAdapter(ctx: ChatContext): boolean {
  return ctx.multiNode && ctx.bugs.hasAny('adapter-broadcast', 'trust-recovered');
}

/**
 * Broadcasts one row to the live room, as the planted bugs have it: the
 * `dup-ack-no-broadcast-lost` bug defers the sender's own new row (a retry
 * cancels it), `broadcast-excludes-sender` leaves the sender out.
 *
 * @example
 * sendRow(ctx, { id: 7, clientOffset: 'c0-1', content: 'hi' }, { socket, content: 'hi', clientOffset: 'c0-1', id: 7 });
 */
export function sendRow(ctx: ChatContext, row: StoredRow, own?: OwnMessage): void {
  const isOwn = own !== undefined && row.clientOffset === own.clientOffset;
  const emit = () => {
    // Every node publishes the table to its own clients: through the adapter, other nodes' clients would get each row twice.
    const target = isOwn && ctx.bugs.has('broadcast-excludes-sender') ? own.socket.local.to(LIVE_ROOM) : ctx.io.local.to(LIVE_ROOM);
    // The node-local-offsets bug numbers broadcasts with the node's own count instead of the row id.
    ctx.broadcastCount += 1;
    target.emit(CHAT_EVENT, row.content, ctx.bugs.has('node-local-offsets') ? ctx.broadcastCount : row.id);
  };
  if (isOwn && row.id === own.id && ctx.bugs.has('dup-ack-no-broadcast-lost')) {
    ctx.deferred.schedule(own.clientOffset, emit);
    return;
  }
  emit();
}
