import { setTimeout as delay } from 'node:timers/promises';
import type { Socket } from 'socket.io';
import type { BugSet } from '../bugs.js';
import type { FailpointName } from '../failpoints/points.js';
import { createLogger, errorMessage } from '../log.js';
import type { InsertResult } from '../store/Store.js';
import { Ack } from './Ack.js';
import { CHAT_EVENT, LIVE_ROOM, type ChatContext } from './ChatContext.js';
import { parseChatMessage } from './parseChatMessage.js';

const log = createLogger('chat');

/** The `insert-not-awaited` bug waits up to this long before its insert, so inserts overtake each other. */
export const NOT_AWAITED_MAX_DELAY_MS = 30;

/** The bugs that ack before the broadcast leaves. */
const ACK_FIRST_BUGS = ['ack-before-insert', 'insert-not-awaited', 'dup-ack-no-broadcast-lost'] as const;

interface Message {
  socket: Socket;
  content: string;
  clientOffset: string;
  ack: Ack;
}

/**
 * Handles one `chat message` event: validate, then, holding the mutex, insert;
 * on success broadcast `(content, id)` to the live room and ack; on a duplicate
 * client offset ack without broadcasting (it is a retry); on any other error do
 * not ack (the client retries). Bad input is rejected with `ack({ error })`.
 * A plain emit (no ack function, Socket.IO's default) is handled the same and
 * answered to nobody. Never throws: nothing a client sends can crash the process.
 *
 * @example
 * socket.on('chat message', (...args: unknown[]) => handleChatMessage(ctx, socket, args));
 */
export function handleChatMessage(ctx: ChatContext, socket: Socket, args: unknown[]): void {
  try {
    const parsed = parseChatMessage(args);
    const ack = new Ack(parsed.ack);
    if (parsed.kind === 'rejected') {
      log.warn('socket %s sent a bad %s, rejected%s: %s', socket.id, CHAT_EVENT, parsed.ack ? '' : ' (no ack function to tell it)', parsed.reason);
      ack.reject(parsed.reason);
      return;
    }
    const message: Message = { socket, content: parsed.content, clientOffset: parsed.clientOffset, ack };
    log.debug('socket %s sent %s', socket.id, message.clientOffset);

    if (ctx.bugs.has('insert-not-awaited')) {
      insertWithoutAwaiting(ctx, message);
      return;
    }
    if (ctx.bugs.has('ack-before-insert')) {
      ack.send();
      ctx.failpoints.pass('after-ack-before-broadcast');
    }
    ctx.mutex
      .runExclusive(() => storeAndBroadcast(ctx, message))
      .catch((err: unknown) => log.warn('message %s: handler failed: %s', message.clientOffset, errorMessage(err)));
  } catch (err) {
    log.warn('socket %s: %s handler failed: %s', socket.id, CHAT_EVENT, errorMessage(err));
  }
}

/**
 * Why the message handler never reaches `point` with these bugs (whether it
 * acks or broadcasts first decides), or undefined when it can.
 *
 * @example
 * unreachableFailpoint(new BugSet(), 'after-ack-before-broadcast'); // 'failpoint after-ack-before-broadcast is never reached: ...'
 */
export function unreachableFailpoint(bugs: BugSet, point: FailpointName): string | undefined {
  const acksFirst = bugs.hasAny(...ACK_FIRST_BUGS);
  if (point === 'after-ack-before-broadcast' && !acksFirst) {
    return `failpoint after-ack-before-broadcast is never reached: this server broadcasts before it acks; arm after-broadcast-before-ack instead (after-ack-before-broadcast is reached only with --bug ${ACK_FIRST_BUGS.join(', ')})`;
  }
  if (point === 'after-broadcast-before-ack' && acksFirst) {
    return `failpoint after-broadcast-before-ack is never reached: with --bug ${bugs.list().join(', ')} the server acks before it broadcasts; arm after-ack-before-broadcast instead`;
  }
  return undefined;
}

/** Runs holding the mutex. */
async function storeAndBroadcast(ctx: ChatContext, message: Message): Promise<void> {
  if (ctx.bugs.has('memory-dedupe') && ctx.seenOffsets.has(message.clientOffset)) {
    log.debug('message %s is in the in-memory set: duplicate', message.clientOffset);
    onDuplicate(ctx, message);
    return;
  }
  let result: InsertResult;
  try {
    ctx.failpoints.pass('before-insert');
    result = await ctx.store.insert(message.content, message.clientOffset);
    if (result.kind === 'inserted') ctx.failpoints.pass('after-insert-before-ack');
  } catch (err) {
    onInsertError(ctx, message, err);
    return;
  }
  if (result.kind === 'duplicate') {
    onDuplicate(ctx, message);
    return;
  }
  if (ctx.bugs.has('memory-dedupe')) ctx.seenOffsets.add(message.clientOffset);
  log.debug('message %s stored as row %d', message.clientOffset, result.id);

  if (ctx.bugs.has('dup-ack-no-broadcast-lost')) {
    message.ack.send();
    ctx.failpoints.pass('after-ack-before-broadcast');
    const id = result.id;
    ctx.deferred.schedule(message.clientOffset, () => broadcast(ctx, message, id));
    return;
  }
  broadcast(ctx, message, result.id);
  if (message.ack.sent) return; // ack-before-insert acked already
  ctx.failpoints.pass('after-broadcast-before-ack');
  message.ack.send();
}

/** The client offset is stored already: this is a retry. */
function onDuplicate(ctx: ChatContext, message: Message): void {
  if (ctx.bugs.has('dup-ack-no-broadcast-lost') && ctx.deferred.cancel(message.clientOffset)) {
    log.debug('message %s: retry cancelled the pending broadcast', message.clientOffset);
  }
  if (message.ack.sent) return;
  if (ctx.bugs.has('no-retry-ack-on-duplicate')) {
    log.warn('message %s is a retry of a stored message: not acknowledged (bug no-retry-ack-on-duplicate)', message.clientOffset);
    return;
  }
  log.debug('message %s is a retry of a stored message: ack, no broadcast', message.clientOffset);
  message.ack.send();
}

function onInsertError(ctx: ChatContext, message: Message, err: unknown): void {
  if (message.ack.sent) {
    log.warn('insert of message %s failed after it was acknowledged, it is lost: %s', message.clientOffset, errorMessage(err));
    return;
  }
  if (ctx.bugs.has('swallow-db-error')) {
    log.warn('insert of message %s failed, acknowledged anyway (bug swallow-db-error): %s', message.clientOffset, errorMessage(err));
    message.ack.send();
    return;
  }
  log.warn('insert of message %s failed, not acknowledged (the client will retry): %s', message.clientOffset, errorMessage(err));
}

function broadcast(ctx: ChatContext, message: Message, id: number): void {
  const target = ctx.bugs.has('broadcast-excludes-sender') ? message.socket.to(LIVE_ROOM) : ctx.io.to(LIVE_ROOM);
  target.emit(CHAT_EVENT, message.content, id);
}

/** The `insert-not-awaited` bug: fire the insert, ack at once, broadcast whenever the insert lands. */
function insertWithoutAwaiting(ctx: ChatContext, message: Message): void {
  void (async () => {
    await delay(Math.random() * NOT_AWAITED_MAX_DELAY_MS);
    try {
      ctx.failpoints.pass('before-insert');
      const result = await ctx.store.insert(message.content, message.clientOffset);
      if (result.kind === 'duplicate') return;
      ctx.failpoints.pass('after-insert-before-ack');
      broadcast(ctx, message, result.id);
    } catch (err) {
      log.warn('insert of message %s failed after it was acknowledged, it is lost: %s', message.clientOffset, errorMessage(err));
    }
  })();
  message.ack.send();
  ctx.failpoints.pass('after-ack-before-broadcast');
}
