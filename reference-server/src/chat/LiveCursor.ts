/** The first wait before a failed publication is tried again; it doubles up to the max. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 1000;

/**
 * The highest row id the live room has been sent (or, for the bug that defers
 * broadcasts, promised), and the retry of a publication that could not read
 * the table. Rows above it are stored but not yet broadcast: an insert whose
 * commit reply was lost leaves one there. It starts at the table's highest id.
 *
 * @example
 * const cursor = new LiveCursor(await store.lastId());
 * cursor.advance(7); // rows up to 7 have been broadcast
 * cursor.retryLater(() => publishNewRows(ctx)); // the table could not be read: try again soon
 */
export class LiveCursor {
  #upTo: number;
  #timer: NodeJS.Timeout | null = null;
  #wait = RETRY_FIRST_MS;
  #stopped = false;

  constructor(upTo: number) {
    this.#upTo = upTo;
  }

  /** The highest id broadcast so far. */
  get upTo(): number {
    return this.#upTo;
  }

  /** Rows up to `id` have been broadcast; never moves back. */
  advance(id: number): void {
    if (id > this.#upTo) this.#upTo = id;
  }

  /** A publication succeeded: a retry pending is no longer owed, and the next wait starts short again. */
  caughtUp(): void {
    this.#wait = RETRY_FIRST_MS;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Runs `publish` after a backoff unless one is pending already (or the cursor is stopped). */
  retryLater(publish: () => void): void {
    if (this.#timer || this.#stopped) return;
    const wait = this.#wait;
    this.#wait = Math.min(wait * 2, RETRY_MAX_MS);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      publish();
    }, wait);
    this.#timer.unref();
  }

  /** No more retries (on shutdown). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
