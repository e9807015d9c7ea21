import type { AsyncCommand } from 'fast-check';
import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';

/** A fast-check model command of a siochaos scenario. */
export type ScenarioCommand = AsyncCommand<ScenarioModel, World, false>;

/**
 * Quotes a message text for a command's `toString()`, shortened.
 *
 * @example
 * quoteText('hello'); // '"hello"'
 */
export function quoteText(text: string): string {
  return JSON.stringify(text.length > 24 ? text.slice(0, 24) + '…' : text);
}

/**
 * Marks the start of a command in the history (reports number the steps from
 * these) and says whether the campaign was interrupted, in which case the
 * command does nothing.
 *
 * @example
 * async run(model, world) { if (beginCommand(world, this)) return; ... }
 */
export function beginCommand(world: World, command: ScenarioCommand): boolean {
  if (world.signal.aborted) return true;
  world.recorder.record({ type: 'command', text: command.toString() });
  return false;
}
