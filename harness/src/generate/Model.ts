/**
 * The model fast-check runs commands against: just enough state to decide
 * which commands make sense next.
 */
export interface ScenarioModel {
  readonly clients: number;
  /** Faults injected since the last heal. */
  activeFaults: number;
  /** Whether a fault on the target itself (process, database) is in effect. */
  targetFaultActive: boolean;
  /** Messages emitted so far. */
  emitted: number;
}

/** The most faults a scenario piles up before it must heal. */
export const MAX_ACTIVE_FAULTS = 3;

/**
 * A fresh model for a scenario with `clients` clients.
 *
 * @example
 * initialModel(3); // { clients: 3, activeFaults: 0, targetFaultActive: false, emitted: 0 }
 */
export function initialModel(clients: number): ScenarioModel {
  return { clients, activeFaults: 0, targetFaultActive: false, emitted: 0 };
}
