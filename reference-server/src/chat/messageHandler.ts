import { setTimeout as delay } from 'node:timers/promises';
import type { Socket } from 'socket.io';
import type { BugSet } from '../bugs.js';
import type { FailpointName } from '../failpoints/points.js';
import { createLogger, errorMessage } from '../log.js';
import type { InsertResult } from '../store/Store.js';
import { Ack } from './Ack.js';
import { CHAT_EVENT, type ChatContext } from './ChatContext.js';
import { parseChatMessage } from './parseChatMessage.js';
import { publishNewRows, sendRow } from './publishNewRows.js';

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
 * client offset ack (it is a retry); on any other error do not ack (the client
 * retries). Whatever the outcome, every stored row not broadcast yet is
 * broadcast first, in id order (`publishNewRows`): a retry whose first attempt
 * committed but lost its reply broadcasts that row, once. Bad input is
 * rejected with `ack({ error })`. A plain emit (no ack function, Socket.IO's default) is handled the same and
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

/**
 * Runs holding the mutex. Whatever the insert did (stored, duplicate, or an
 * error after which the row may have committed), the rows not yet broadcast
 * are published from the table before the ack.
 */
async function storeAndBroadcast(ctx: ChatContext, message: Message): Promise<void> {
  if (ctx.bugs.hasAny('memory-dedupe', 'node-memory-dedupe') && ctx.seenOffsets.has(message.clientOffset)) {
    log.debug('message %s is in the in-memory set: duplicate', message.clientOffset);
    await publishNewRows(ctx, message);
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
    if (ctx.store.mayHaveCommitted(err)) await publishNewRows(ctx, message);
    return;
  }
  if (result.kind === 'duplicate') {
    await publishNewRows(ctx, message);
    onDuplicate(ctx, message);
    return;
  }
  if (ctx.bugs.hasAny('memory-dedupe', 'node-memory-dedupe')) ctx.seenOffsets.add(message.clientOffset);
  log.debug('message %s stored as row %d', message.clientOffset, result.id);

  if (ctx.bugs.has('dup-ack-no-broadcast-lost')) {
    // Ack now; publishNewRows defers this message's broadcast.
    message.ack.send();
    ctx.failpoints.pass('after-ack-before-broadcast');
  }
  await publishNewRows(ctx, { ...message, id: result.id });
  if (message.ack.sent) return; // acked already by a bug that acks first
  ctx.failpoints.pass('after-broadcast-before-ack');
  message.ack.send();
  // The node-memory-dedupe bug: the other nodes learn of the stored offset only now, through the adapter.
  if (ctx.bugs.has('node-memory-dedupe')) ctx.sync?.shareStoredOffset(message.clientOffset);
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
  log.debug('message %s is a retry of a stored message: ack (its row, if never broadcast, was just published)', message.clientOffset);
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

/** The `insert-not-awaited` bug: fire the insert, ack at once, broadcast whenever the insert lands. */
function insertWithoutAwaiting(ctx: ChatContext, message: Message): void {
  void (async () => {
    await delay(Math.random() * NOT_AWAITED_MAX_DELAY_MS);
    try {
      ctx.failpoints.pass('before-insert');
      const result = await ctx.store.insert(message.content, message.clientOffset);
      if (result.kind === 'duplicate') return;
      ctx.failpoints.pass('after-insert-before-ack');
      sendRow(ctx, { id: result.id, clientOffset: message.clientOffset, content: message.content }, message);
      ctx.cursor.advance(result.id);
    } catch (err) {
      log.warn('insert of message %s failed after it was acknowledged, it is lost: %s', message.clientOffset, errorMessage(err));
    }
  })();
  message.ack.send();
  ctx.failpoints.pass('after-ack-before-broadcast');
}
