import { sleep } from '../../net/waitFor.js';
import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/** `Wait(ms)`: lets time pass, so retries, reconnects and acks happen between commands. */
export class WaitCommand implements ScenarioCommand {
  constructor(readonly ms: number) {}

  check(): boolean {
    return true;
  }

  async run(_model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    await sleep(this.ms);
  }

  toString(): string {
    return `Wait(${this.ms} ms)`;
  }
}
