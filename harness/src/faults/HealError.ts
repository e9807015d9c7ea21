/**
 * A fault that could not be healed (a Toxiproxy call that timed out, a target
 * that does not come back): the scenario afterwards is not what the checkers
 * assume (every fault healed before the final read), so it is never judged,
 * its verdict is `unknown` with this error's message as the reason.
 *
 * @example
 * throw new HealError('latency on c0', new Error('Toxiproxy did not answer DELETE … within 10000 ms'));
 * // heal of latency on c0 failed: Toxiproxy did not answer …; the scenario is not judged
 */
export class HealError extends Error {
  constructor(what: string, cause: unknown) {
    super(`heal of ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}; the scenario is not judged`, { cause });
    this.name = 'HealError';
  }
}
