import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/**
 * Heals every fault in effect (toxics removed, proxies enabled, the target
 * back up) and tells the model so; does nothing when the model has none.
 *
 * @example
 * await healEveryFault(model, world); // model.activeFaults === 0
 */
export async function healEveryFault(model: ScenarioModel, world: World): Promise<void> {
  if (model.activeFaults === 0) return;
  model.activeFaults = 0;
  model.targetFaultActive = false;
  await world.injector.healAll();
}

/** `Heal`: every active fault is healed (toxics removed, proxies enabled). */
export class HealCommand implements ScenarioCommand {
  check(model: Readonly<ScenarioModel>): boolean {
    return model.activeFaults > 0;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    await healEveryFault(model, world);
  }

  toString(): string {
    return 'Heal';
  }
}
