import { faults } from '../../faults/registry.js';
import type { World } from '../World.js';
import { MAX_ACTIVE_FAULTS, type ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/** `ResetPeer(client)`: TCP resets on the client's proxy until the next heal. */
export class ResetPeerCommand implements ScenarioCommand {
  constructor(readonly client: number) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients && model.activeFaults < MAX_ACTIVE_FAULTS;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    model.activeFaults++;
    await world.injector.inject(faults['reset-peer'], { stream: 'downstream', timeout: 0 }, [this.client]);
  }

  toString(): string {
    return `ResetPeer(c${this.client})`;
  }
}
