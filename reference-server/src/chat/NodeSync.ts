import { createLogger, errorMessage } from '../log.js';
import type { ChatContext } from './ChatContext.js';
import { publishNewRows } from './publishNewRows.js';

const log = createLogger('nodes');

/** The notice a node sends the others through the adapter after it stored rows: "the table has rows up to id N". */
export const NEW_ROWS_EVENT = 'siochaos:new-rows';

/** The `node-memory-dedupe` bug's notice: "this client offset is stored". */
export const STORED_OFFSET_EVENT = 'siochaos:stored-offset';

/**
 * How a node of several learns that others stored rows: each one tells the
 * others through the adapter (`io.serverSideEmit`, a tiny "new rows up to id"
 * notice, never the rows themselves), and each one also reads the table every
 * `pollIntervalMs`, so a node cut from the adapter still delivers every row to
 * its own clients, late but in order and once. Either way the rows come from
 * the table, after the node's own cursor (`publishNewRows`), holding its mutex.
 *
 * @example
 * const sync = new NodeSync(ctx, 300);
 * sync.start();
 * sync.notify(ctx.cursor.upTo); // after this node published rows it stored
 * sync.stop();
 */
export class NodeSync {
  /** A publication is queued on the mutex and has not started: a new request adds nothing. */
  #queued = false;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(
    readonly ctx: ChatContext,
    readonly pollIntervalMs: number,
  ) {}

  /** Listens to the other nodes' notices and starts polling the table. */
  start(): void {
    if (this.ctx.bugs.has('node-memory-dedupe')) {
      this.ctx.io.on(STORED_OFFSET_EVENT, (offset: unknown) => {
        if (typeof offset === 'string') this.ctx.seenOffsets.add(offset);
      });
    }
    // The local-broadcast bug: other nodes' rows reach this node's clients only when it publishes for a message of its own.
    if (this.ctx.bugs.has('local-broadcast')) return;
    this.ctx.io.on(NEW_ROWS_EVENT, (upTo: unknown) => {
      if (typeof upTo !== 'number' || upTo <= this.ctx.cursor.upTo) return;
      log.debug('another node stored rows up to %d (this node is at %d)', upTo, this.ctx.cursor.upTo);
      this.request();
    });
    this.#timer = setInterval(() => this.request(), this.pollIntervalMs);
    this.#timer.unref();
  }

  /** Tells the other nodes that the table has rows up to `upTo`; never throws. */
  notify(upTo: number): void {
    if (this.ctx.bugs.has('local-broadcast')) return;
    try {
      this.ctx.io.serverSideEmit(NEW_ROWS_EVENT, upTo);
    } catch (err) {
      log.warn('cannot tell the other nodes about row %d: %s (they will find it by polling)', upTo, errorMessage(err));
    }
  }

  /** The `node-memory-dedupe` bug: tells the other nodes that `clientOffset` is stored. */
  shareStoredOffset(clientOffset: string): void {
    try {
      this.ctx.io.serverSideEmit(STORED_OFFSET_EVENT, clientOffset);
    } catch (err) {
      log.warn('cannot share stored offset %s: %s', clientOffset, errorMessage(err));
    }
  }

  /** Queues one publication of the rows after this node's cursor, unless one is queued already. */
  request(): void {
    if (this.#queued || this.#stopped) return;
    this.#queued = true;
    this.ctx.mutex
      .runExclusive(() => {
        this.#queued = false;
        return publishNewRows(this.ctx);
      })
      .catch((err: unknown) => log.warn('publication of other nodes\' rows failed: %s', errorMessage(err)));
  }

  /** No more polling or notices (on shutdown). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
