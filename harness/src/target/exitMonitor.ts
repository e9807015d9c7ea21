/**
 * How a target process ended, when siochaos did not end it.
 *
 * @example
 * const exit: TargetExit = { code: 1, signal: null, stderr: 'TypeError: callback is not a function' };
 */
export interface TargetExit {
  /** The exit code, or null when a signal ended it (both null: the status is unknown, a worker siochaos found by its port). */
  code: number | null;
  /** The signal that ended it, or null when it exited by itself. */
  signal: string | null;
  /** The last lines it wrote to stderr (empty when it wrote nothing). */
  stderr: string;
  /** Which node of a multi-node target, when there are several. */
  node?: string;
}

/** Whether nothing is known of how it ended (a worker siochaos found by its port, whose status was not told). */
function statusUnknown(exit: TargetExit): boolean {
  return exit.code === null && exit.signal === null;
}

/** How many stderr lines an exit carries. */
export const EXIT_STDERR_LINES = 20;

/**
 * Tells the exits siochaos causes (a crash or restart fault, a failpoint it
 * armed, the stop at the end of a scenario) from those it does not: whoever
 * is about to end the process calls {@link expect} first; any other exit goes
 * to the listeners, or waits for the first one when there is none yet (a
 * target started ahead of its scenario). The mark belongs to one process: a
 * restarted process starts unmarked, and a late exit of the old one is judged
 * by the old one's mark.
 *
 * @example
 * const exits = new ExitMonitor();
 * const exited = exits.started();       // a process started
 * exits.expect();                       // about to SIGKILL it
 * exited({ code: null, signal: 'SIGKILL', stderr: '' }); // expected: nobody hears of it
 * exits.listen((exit) => console.log(exit.code));
 */
export class ExitMonitor {
  #current: { expected: boolean | NodeJS.Signals } | undefined;
  readonly #listeners = new Set<(exit: TargetExit) => void>();
  readonly #unheard: TargetExit[] = [];

  /**
   * Marks the running process's exit as caused by siochaos (or, with false,
   * clears the mark; with a signal, only an exit by that signal is siochaos's).
   */
  expect(expected: boolean | NodeJS.Signals = true): void {
    if (this.#current) this.#current.expected = expected;
  }

  /**
   * A new process started: returns what to call when it has ended, which
   * says whether the exit was unexpected (and told). Its `freeze()` keeps the
   * mark the process has now, whatever {@link expect} says later: for a death
   * seen at once whose status comes later (a worker found by its port), so
   * that a heal clearing the mark meanwhile does not turn siochaos's own kill
   * into the server's. Its `mark()` is the mark the exit will be judged by
   * (the frozen one, else the current one).
   *
   * Under a signal mark, an exit whose status is unknown (code and signal
   * null) is taken as siochaos's: whoever waits for that status (a worker's
   * `worker-exit` line, in `PortNodes`) waits long enough that a process
   * which died of its own cause has told how; an unknown status then says
   * only that siochaos was too slow to read it, and siochaos's own kill must
   * not be told as the server's crash.
   */
  started(): ((exit: TargetExit) => boolean) & { freeze(): void; mark(): boolean | NodeJS.Signals } {
    const process: { expected: boolean | NodeJS.Signals; frozen?: boolean | NodeJS.Signals } = { expected: false };
    this.#current = process;
    const mark = (): boolean | NodeJS.Signals => process.frozen ?? process.expected;
    const exited = (exit: TargetExit): boolean => {
      const expected = mark();
      if (expected === true || (expected !== false && (exit.signal === expected || statusUnknown(exit)))) return false;
      this.#tell(exit);
      return true;
    };
    return Object.assign(exited, { freeze: () => void (process.frozen ??= process.expected), mark });
  }

  #tell(exit: TargetExit): void {
    if (this.#listeners.size === 0) this.#unheard.push(exit);
    for (const listener of this.#listeners) listener(exit);
  }

  /** Calls `listener` with every unexpected exit, those before this call first; returns how to stop. */
  listen(listener: (exit: TargetExit) => void): () => void {
    this.#listeners.add(listener);
    for (const exit of this.#unheard.splice(0)) listener(exit);
    return () => this.#listeners.delete(listener);
  }
}
