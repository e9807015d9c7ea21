import type { ScenarioStart } from '../core/Reporter.js';

/** What one worker is doing: running a scenario (since when), just done with one, or idle. */
type WorkerNow =
  | { state: 'running'; index: number; phase: ScenarioStart['phase']; since: number }
  | { state: 'done'; index: number }
  | { state: 'idle' };

/** How {@link WorkerBoard.words} words the workers. */
export interface BoardWords {
  /** The clock now (ms), for how long each scenario has been running. */
  now: number;
  /** Name each worker (`w2: …`): when the campaign has several. */
  labelled: boolean;
  /** Fewer words (`#13 0.8 s` for `#13 running 0.8 s`), for a narrow terminal. */
  compact: boolean;
}

/**
 * What every worker of a campaign is doing now, kept from the reporter hooks
 * (`onScenarioStart`, `onScenarioEnd`, `onWorkerIdle`) for the console's live
 * line: the scenario each one runs and for how long, whether it shrinks, or
 * that it is idle. A worker that has not started yet is left out.
 *
 * @example
 * const board = new WorkerBoard();
 * board.start({ worker: 2, index: 13, phase: 'search' }, Date.now());
 * board.words({ now: Date.now() + 800, labelled: true, compact: false }); // ['w2: #13 running 0.8 s']
 */
export class WorkerBoard {
  readonly #workers = new Map<number, WorkerNow>();

  /** A scenario started on a worker at `at` (ms). */
  start({ worker, index, phase }: ScenarioStart, at: number): void {
    this.#workers.set(worker, { state: 'running', index, phase, since: at });
  }

  /** Scenario `index` ended on `worker` (ignored when the worker has moved on to another). */
  end(worker: number, index: number): void {
    const now = this.#workers.get(worker);
    if (now?.state === 'running' && now.index === index) this.#workers.set(worker, { state: 'done', index });
  }

  /** The worker has no scenario left. */
  idle(worker: number): void {
    this.#workers.set(worker, { state: 'idle' });
  }

  /** One phrase per worker that has started, by worker number: `w1: #13 running 0.8 s`, `w2: #46 shrinking 2.1 s`, `w3: idle`. */
  words({ now, labelled, compact }: BoardWords): string[] {
    return [...this.#workers]
      .sort(([a], [b]) => a - b)
      .map(([worker, doing]) => `${labelled ? `w${worker}: ` : ''}${phrase(doing, now, compact)}`);
  }
}

function phrase(doing: WorkerNow, now: number, compact: boolean): string {
  switch (doing.state) {
    case 'idle':
      return 'idle';
    case 'done':
      return `#${doing.index} done`;
    case 'running': {
      const verb = doing.phase === 'shrink' ? 'shrinking ' : compact ? '' : 'running ';
      return `#${doing.index} ${verb}${(Math.max(0, now - doing.since) / 1000).toFixed(1)} s`;
    }
  }
}
