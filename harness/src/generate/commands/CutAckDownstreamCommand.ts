import { faults } from '../../faults/registry.js';
import type { World } from '../../core/World.js';
import { MAX_ACTIVE_FAULTS, type ScenarioModel } from '../Model.js';
import { DROP_WAIT_MS } from './CutUpstreamMidEmitCommand.js';
import { beginCommand, quoteText, type ScenarioCommand } from './ScenarioCommand.js';

/**
 * `CutAckDownstream(client, text)`: a `limit_data` toxic of 0 bytes downstream,
 * then an emit: the server stores the message, but its first byte back (the
 * broadcast or the ack) closes the connection, so the client never gets the
 * ack and retries.
 */
export class CutAckDownstreamCommand implements ScenarioCommand {
  constructor(
    readonly client: number,
    readonly text: string,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients && model.activeFaults < MAX_ACTIVE_FAULTS;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    model.activeFaults++;
    model.emitted++;
    const client = world.clients[this.client]!;
    await world.injector.inject(faults['limit-data'], { stream: 'downstream', bytes: 0 }, [this.client]);
    client.send(this.text);
    await client.waitDisconnected(DROP_WAIT_MS);
  }

  toString(): string {
    return `CutAckDownstream(c${this.client}, ${quoteText(this.text)})`;
  }
}
