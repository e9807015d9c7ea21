import type { ScenarioPhases } from '../model/results.js';

export type { ScenarioPhases };

/** The phases of a scenario, in the order they run. */
export const SCENARIO_PHASES = ['target', 'proxies', 'connect', 'commands', 'heal', 'drain', 'catchUp', 'storeRead', 'check', 'teardown'] as const;

/** One phase of a scenario (see {@link ScenarioPhases} for what each covers). */
export type ScenarioPhase = (typeof SCENARIO_PHASES)[number];

/** Every phase at 0 ms. */
export function noPhases(): ScenarioPhases {
  return Object.fromEntries(SCENARIO_PHASES.map((phase) => [phase, 0])) as ScenarioPhases;
}

/**
 * Splits a scenario's time into its phases, as laps: {@link lap} gives the
 * time since the previous lap (or the clock's start) to the phase that just
 * ended, so the phases add up to the time the scenario took, each counted as
 * what the scenario waited for (a target started ahead costs only the wait
 * for it, not its whole start).
 *
 * @example
 * const clock = new PhaseClock();
 * await startTarget();
 * clock.lap('target');
 * clock.phases.target; // ms the scenario waited for its target
 */
export class PhaseClock {
  readonly phases: ScenarioPhases = noPhases();
  readonly #started = performance.now();
  #last = this.#started;

  /** Counts the time since the last lap for `phase`. */
  lap(phase: ScenarioPhase): void {
    const now = performance.now();
    this.phases[phase] += now - this.#last;
    this.#last = now;
  }

  /** The phases in whole ms (each rounded; their sum is within a few ms of {@link elapsedMs}). */
  rounded(): ScenarioPhases {
    return Object.fromEntries(SCENARIO_PHASES.map((phase) => [phase, Math.round(this.phases[phase])])) as ScenarioPhases;
  }

  /** ms since the clock started. */
  elapsedMs(): number {
    return performance.now() - this.#started;
  }
}

/** The phases that are not the scenario's own commands and waits: what a campaign pays per scenario on top of them. */
export function overheadMs(phases: ScenarioPhases): number {
  return SCENARIO_PHASES.reduce((sum, phase) => (phase === 'commands' ? sum : sum + phases[phase]), 0);
}
