/**
 * A promise-chain mutex: jobs run one at a time, in the order they were queued.
 * The reference server holds it around "insert + broadcast" and around
 * "catch-up query + emit rows + join the live room", so a broadcast never
 * interleaves with a catch-up and broadcasts leave in id order.
 *
 * @example
 * const mutex = new Mutex();
 * const id = await mutex.runExclusive(async () => store.insert('hi', 'c0-1'));
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #queued = 0;

  /**
   * Runs `job` once every job queued before it has settled; resolves or rejects
   * with the job's own outcome. A failing job does not block the ones after it.
   */
  runExclusive<T>(job: () => Promise<T> | T): Promise<T> {
    this.#queued += 1;
    const run = this.#tail.then(job);
    this.#tail = run.then(
      () => this.#settle(),
      () => this.#settle(),
    );
    return run;
  }

  /** How many jobs are running or waiting. */
  get pending(): number {
    return this.#queued;
  }

  /** Resolves once every job queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail;
  }

  #settle(): void {
    this.#queued -= 1;
  }
}
