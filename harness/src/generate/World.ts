import type { ScenarioClient } from '../clients/ScenarioClient.js';
import type { FaultInjector } from '../faults/FaultInjector.js';
import type { HistoryRecorder } from '../history/recorder.js';
import type { Target } from '../target/Target.js';

/**
 * Everything a scenario's commands act on: the real system under test.
 * It lives beside the commands; core/runScenario.ts builds it.
 *
 * @example
 * world.clients[0]!.send('hello');
 */
export interface World {
  /** Node clients and browser clients alike (index = client index; tabs opened during the scenario come after). */
  readonly clients: readonly ScenarioClient[];
  /**
   * Adds a client opened during the scenario (a page's second tab): the
   * final phase drains it, catches it up and reads it, and the scenario
   * closes it. Faults and commands address only the clients it started with.
   * Worlds made outside `runScenario` (tests) may leave it out.
   */
  addClient?(client: ScenarioClient): void;
  readonly injector: FaultInjector;
  readonly recorder: HistoryRecorder;
  readonly target: Target;
  /** Aborted when the campaign is interrupted: commands stop early. */
  readonly signal: AbortSignal;
}
