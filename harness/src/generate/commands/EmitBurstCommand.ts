import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/** `EmitBurst(clients, count)`: several clients each send `count` messages at once. */
export class EmitBurstCommand implements ScenarioCommand {
  constructor(
    readonly clients: readonly number[],
    readonly count: number,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.clients.every((c) => c < model.clients);
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    for (let i = 0; i < this.count; i++) {
      for (const c of this.clients) {
        model.emitted++;
        world.clients[c]!.send(`burst ${model.emitted}`);
      }
    }
  }

  toString(): string {
    return `EmitBurst(${this.clients.map((c) => `c${c}`).join('+')}, ${this.count} each)`;
  }
}
