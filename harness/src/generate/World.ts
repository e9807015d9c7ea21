import type { ScenarioClient } from '../clients/ScenarioClient.js';
import type { FaultInjector } from '../faults/FaultInjector.js';
import type { HistoryRecorder } from '../history/recorder.js';
import type { LoadBalancer } from '../target/LoadBalancer.js';
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
  /**
   * The load balancer in front of a multi-node target (absent for one node):
   * which node each client is on, and moves between nodes.
   */
  readonly balancer?: LoadBalancer;
  /** Aborted when the campaign is interrupted: commands stop early. */
  readonly signal: AbortSignal;
}
