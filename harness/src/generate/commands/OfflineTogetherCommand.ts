import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { healEveryFault } from './HealCommand.js';
import { PAGE_WAIT_MS, takeDown, typeMessages } from './pageSteps.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/**
 * `OfflineTogether(clients, count)`: every fault is healed, the clients'
 * connections go down together, each types `count` messages while offline
 * (a page queues them in socket.io-client's buffer, with client offsets its
 * own code computed offline: the tutorial's `${socket.id}-${counter}` is
 * `undefined-…` then), and they all come back at once, so their queued
 * messages race each other to the server.
 *
 * @example
 * new OfflineTogetherCommand([1, 2], 2); // OfflineTogether(c1, c2; 2 each)
 */
export class OfflineTogetherCommand implements ScenarioCommand {
  constructor(
    readonly clients: readonly number[],
    readonly count: number,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.clients.length > 0 && this.clients.every((c) => c < model.clients);
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    await healEveryFault(model, world);
    const clients = this.clients.map((i) => world.clients[i]!);
    const id = await takeDown(world, this.clients);
    if (id === undefined) return;
    try {
      await typeMessages(model, clients, this.count, 'offline');
    } finally {
      await world.injector.heal(id);
    }
    await Promise.all(clients.map((c) => c.waitConnected(PAGE_WAIT_MS.back)));
  }

  toString(): string {
    return `OfflineTogether(${this.clients.map((c) => `c${c}`).join(', ')}; ${this.count} each)`;
  }
}
