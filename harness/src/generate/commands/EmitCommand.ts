import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { beginCommand, quoteText, type ScenarioCommand } from './ScenarioCommand.js';

/**
 * `Emit(client, text)`: the client sends one message through its strategy and
 * goes on without waiting for the outcome.
 */
export class EmitCommand implements ScenarioCommand {
  constructor(
    readonly client: number,
    readonly text: string,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    model.emitted++;
    world.clients[this.client]!.send(this.text);
  }

  toString(): string {
    return `Emit(c${this.client}, ${quoteText(this.text)})`;
  }
}
