import { createLogger } from '../log.js';
import type { FailpointAction, FailpointName } from './points.js';

const log = createLogger('failpoints');

/** One armed failpoint. */
export interface ArmedFailpoint {
  point: FailpointName;
  action: FailpointAction;
  /** How many more times it fires. */
  remaining: number;
}

/** Thrown into the insert path by a failpoint armed with action `error`. */
export class InjectedDatabaseError extends Error {
  override readonly name = 'InjectedDatabaseError';
}

/**
 * The failpoints of one server process, armed over the admin endpoint and
 * passed by the message handler. `pass(point)` does nothing unless `point` is
 * armed; then it crashes the process (`crash`) or throws an
 * `InjectedDatabaseError` (`error`), `times` times, then disarms itself.
 *
 * @example
 * const failpoints = new Failpoints();
 * failpoints.arm('after-insert-before-ack', 'crash', 1);
 * failpoints.pass('after-insert-before-ack'); // the process dies here
 */
export class Failpoints {
  readonly #armed = new Map<FailpointName, ArmedFailpoint>();
  readonly #crash: () => void;

  /** `crash` is for tests of this class; the server uses the default, SIGKILL. */
  constructor(crash: () => void = () => process.kill(process.pid, 'SIGKILL')) {
    this.#crash = crash;
  }

  /** Arms `point`, replacing what was armed there. */
  arm(point: FailpointName, action: FailpointAction, times: number): ArmedFailpoint {
    const armed = { point, action, remaining: times };
    this.#armed.set(point, armed);
    log.debug('armed %s: %s x%d', point, action, times);
    return { ...armed };
  }

  /** Disarms every point; returns how many were armed. */
  disarmAll(): number {
    const count = this.#armed.size;
    this.#armed.clear();
    log.debug('disarmed %d failpoints', count);
    return count;
  }

  /** What is armed now. */
  list(): ArmedFailpoint[] {
    return [...this.#armed.values()].map((armed) => ({ ...armed }));
  }

  /** Called by the message handler at `point`: fires if armed. */
  pass(point: FailpointName): void {
    const armed = this.#armed.get(point);
    if (!armed) return;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#armed.delete(point);
    log.warn('failpoint %s fires: %s', point, armed.action);
    if (armed.action === 'crash') this.#crash();
    else throw new InjectedDatabaseError(`failpoint ${point} injected a database error`);
  }
}
