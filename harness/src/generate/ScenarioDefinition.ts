import type { TransportMode } from '../model/transport.js';
import type { FaultKind } from '../faults/Fault.js';

/**
 * The kinds of command a scenario draws from:
 *
 * - `emit`, `burst`: one client sends one message; several send a few at once.
 * - `cut-upstream-mid-emit`, `cut-ack-downstream`, `reset-peer`: the walking
 *   skeleton's network faults, each with its emit.
 * - `inject`: any fault of the scenario's `faults`, with generated parameters.
 * - `emit-during`: such a fault, and a client emits at once, so the message meets it.
 * - `crash-at-emit`: the target kills itself at a failpoint with this client's
 *   message (before its insert, or after it and before the ack) and restarts.
 * - `away`: every fault is healed, a client goes away (cut: it comes back
 *   recovered; leave: with a fresh session), the others send, it comes back
 *   and catches up while they send.
 * - `robustness`: a client sends what a handler must survive (an emit without
 *   an ack function, a missing or non-string client offset, a content of the
 *   wrong type, an oversized content, an unknown event): the server must stay
 *   up and store no row for a malformed payload.
 * - `heal`, `wait`: every fault healed; time passing.
 * - what pages do offline (browser campaigns; see `scenarios/browser-offline.ts`):
 *   `offline-together` (several clients type while their connections are
 *   down and come back at once), `type-during-reconnect` (typing while the
 *   connection comes back), `reload` (a page reloaded: a new session with
 *   what it keeps in its storage), `second-tab` (the page's user opens it in
 *   another tab). `reload` and `second-tab` are drawn on the pages.
 * - `move`: the load balancer in front of a multi-node target sends a client
 *   to another node (its connections dropped; it reconnects there). Drawn
 *   only when the target has more than one node.
 */
export type CommandKind =
  | 'emit'
  | 'burst'
  | 'cut-upstream-mid-emit'
  | 'cut-ack-downstream'
  | 'reset-peer'
  | 'inject'
  | 'emit-during'
  | 'crash-at-emit'
  | 'away'
  | 'robustness'
  | 'heal'
  | 'wait'
  | 'offline-together'
  | 'type-during-reconnect'
  | 'reload'
  | 'second-tab'
  | 'move';

/** Every command kind, for validation and help. */
export const COMMAND_KINDS: readonly CommandKind[] = [
  'emit', 'burst', 'cut-upstream-mid-emit', 'cut-ack-downstream', 'reset-peer',
  'inject', 'emit-during', 'crash-at-emit', 'away', 'robustness', 'heal', 'wait',
  'offline-together', 'type-during-reconnect', 'reload', 'second-tab', 'move',
];

/**
 * A named scenario: which commands a generated scenario draws, how often, and
 * which faults `inject` may pick. Fields it leaves out come from the campaign
 * (command line, config) or the defaults.
 *
 * @example
 * export default defineScenario({
 *   name: 'ack-lost',
 *   description: 'the server stores a message but its ack never reaches the client',
 *   weights: { emit: 3, 'cut-ack-downstream': 2, heal: 1, wait: 1 },
 * });
 */
export interface ScenarioDefinition {
  name: string;
  /** One sentence for `--help` and reports. */
  description: string;
  /** Relative weights of the command kinds; kinds left out are never drawn. */
  weights: Partial<Record<CommandKind, number>>;
  /** The faults `inject` and `emit-during` draw from, by registry name. */
  faults?: readonly string[];
  /**
   * Fault families whose every fault the target can take is drawn too:
   * `database` means the faults of the target's kind of store, `process` those
   * of a process siochaos owns (and `crash-at` only with failpoints), `node`
   * and `adapter` those of a target with several nodes (left out, unreported,
   * on a single-node target when the scenario has other faults to draw). The
   * campaign chooses them before its first scenario and reports the families
   * that ran and the faults it skipped, with why.
   */
  families?: readonly FaultKind[];
  /** Relative weights of the faults drawn (whole numbers; 1 for a fault left out, 0 never draws it). */
  faultWeights?: Readonly<Record<string, number>>;
  clients?: number;
  strategy?: string;
  retries?: number;
  /** A fixed transport, or `any` to generate one per scenario. */
  transport?: TransportMode | 'any';
  maxCommands?: number;
}

/**
 * Declares a scenario (an identity function, for types and editor help).
 *
 * @example
 * export default defineScenario({ name: 'quiet', description: 'no faults', weights: { emit: 1 } });
 */
export function defineScenario(definition: ScenarioDefinition): ScenarioDefinition {
  return definition;
}

/** The scenario `npm start` runs when none is named: the walking skeleton's faults. */
export const defaultScenario: ScenarioDefinition = {
  name: 'default',
  description: 'emits with mid-emit cuts, lost acks and peer resets, healed at random',
  weights: { emit: 4, 'cut-upstream-mid-emit': 1, 'cut-ack-downstream': 1, 'reset-peer': 1, heal: 1, wait: 1 },
};
