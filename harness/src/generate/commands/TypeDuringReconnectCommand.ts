import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { healEveryFault } from './HealCommand.js';
import { PAGE_WAIT_MS, takeDown, typeMessages } from './pageSteps.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/**
 * `TypeDuringReconnect(client, count)`: every fault is healed, the client's
 * connection is cut and healed as soon as it has noticed, and it types
 * `count` messages at once, while socket.io-client is still waiting out its
 * reconnection delay: they are queued offline and go out with (or racing)
 * the new connection's handshake and catch-up.
 *
 * @example
 * new TypeDuringReconnectCommand(1, 2); // TypeDuringReconnect(c1, 2)
 */
export class TypeDuringReconnectCommand implements ScenarioCommand {
  constructor(
    readonly client: number,
    readonly count: number,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    await healEveryFault(model, world);
    const client = world.clients[this.client]!;
    const id = await takeDown(world, [this.client]);
    if (id === undefined) return;
    await world.injector.heal(id);
    await typeMessages(model, [client], this.count, 'while reconnecting');
    await client.waitConnected(PAGE_WAIT_MS.back);
  }

  toString(): string {
    return `TypeDuringReconnect(c${this.client}, ${this.count})`;
  }
}
