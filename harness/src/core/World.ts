import type { ScenarioClient } from '../clients/ScenarioClient.js';
import type { FaultInjector } from '../faults/FaultInjector.js';
import type { HistoryRecorder } from '../history/recorder.js';
import type { Target } from '../target/Target.js';

/**
 * Everything a scenario's commands act on: the real system under test.
 *
 * @example
 * world.clients[0]!.send('hello');
 */
export interface World {
  /** Node clients and browser clients alike (index = client index). */
  readonly clients: readonly ScenarioClient[];
  readonly injector: FaultInjector;
  readonly recorder: HistoryRecorder;
  readonly target: Target;
  /** Aborted when the campaign is interrupted: commands stop early. */
  readonly signal: AbortSignal;
}
