import type { Fault } from '../faults/Fault.js';

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
  /** Clients a fault removed for good (`client-leave`): at least one client always stays. */
  readonly departed: Set<number>;
}

/** The most faults a scenario piles up before it must heal. */
export const MAX_ACTIVE_FAULTS = 3;

/**
 * A fresh model for a scenario with `clients` clients.
 *
 * @example
 * initialModel(3); // { clients: 3, activeFaults: 0, targetFaultActive: false, emitted: 0, departed: Set {} }
 */
export function initialModel(clients: number): ScenarioModel {
  return { clients, activeFaults: 0, targetFaultActive: false, emitted: 0, departed: new Set() };
}

/**
 * Whether removing `leaving` for good would leave the scenario without a client
 * at the end: then nobody's receipts could be judged for `missed`, and the
 * scenario could only be `unknown`.
 *
 * @example
 * removesEveryClient(initialModel(2), [0, 1]); // true
 */
export function removesEveryClient(model: Readonly<ScenarioModel>, leaving: readonly number[]): boolean {
  const gone = new Set([...model.departed, ...leaving]);
  return gone.size >= model.clients;
}

/**
 * What injecting `fault` on `clients` changes in the model: one more active
 * fault, a target fault in effect, clients gone for good.
 *
 * @example
 * noteInjected(model, faultByName('client-leave'), [1]); // model.departed has 1
 */
export function noteInjected(model: ScenarioModel, fault: Pick<Fault, 'scope' | 'removesClients'>, clients: readonly number[]): void {
  model.activeFaults++;
  if (fault.scope === 'target') model.targetFaultActive = true;
  if (fault.removesClients) for (const c of clients) model.departed.add(c);
}
