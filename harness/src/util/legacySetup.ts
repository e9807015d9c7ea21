/**
 * The internal switch that brings back how scenarios were set up and ended
 * before the scenario-cost cuts (proxies created and deleted per scenario,
 * fixed waits in the final phase), so that bench:cost measures both side by
 * side in one run. Not a user setting: it may go away with the old paths.
 */
export const LEGACY_SCENARIO_SETUP_ENV = 'SIOCHAOS_LEGACY_SCENARIO_SETUP';

/**
 * Whether the legacy scenario set-up is switched on (`SIOCHAOS_LEGACY_SCENARIO_SETUP=1`), read at each call.
 *
 * @example
 * if (legacyScenarioSetup()) await pool.destroy();
 */
export function legacyScenarioSetup(): boolean {
  return process.env[LEGACY_SCENARIO_SETUP_ENV] === '1';
}
