/**
 * Runs async jobs one at a time, in the order they were queued. The chat holds
 * it around "insert + broadcast" and around "catch-up query + emit rows + join
 * the live room", so no broadcast can slip in between a catch-up's rows and the
 * socket joining the room, and broadcasts leave in id order.
 *
 * @example
 * const exclusive = serialize();
 * const id = await exclusive(() => store.insert('hi', 'abc-1'));
 */
export function serialize() {
  let tail = Promise.resolve();
  return (job) => {
    const run = tail.then(job);
    tail = run.catch(() => {});
    return run;
  };
}
