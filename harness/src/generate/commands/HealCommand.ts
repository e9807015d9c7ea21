import type { World } from '../../core/World.js';
import type { ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/** `Heal`: every active fault is healed (toxics removed, proxies enabled). */
export class HealCommand implements ScenarioCommand {
  check(model: Readonly<ScenarioModel>): boolean {
    return model.activeFaults > 0;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    model.activeFaults = 0;
    model.targetFaultActive = false;
    await world.injector.healAll();
  }

  toString(): string {
    return 'Heal';
  }
}
