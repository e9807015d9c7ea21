/**
 * Runs work in turns: at most `atOnce` pieces at a time, the others waiting
 * their turn (a finished one hands its slot to the next), for the zoo test
 * files whose campaigns run concurrently.
 *
 * @example
 * const inTurn = inTurns(2);
 * const [a, b, c] = await Promise.all([inTurn(campaignA), inTurn(campaignB), inTurn(campaignC)]); // c waits for a or b
 */
export function inTurns(atOnce: number): <T>(work: () => Promise<T>) => Promise<T> {
  const waiting: (() => void)[] = [];
  let running = 0;
  return async (work) => {
    if (running >= atOnce) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
