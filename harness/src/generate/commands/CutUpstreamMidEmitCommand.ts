import { faults } from '../../faults/registry.js';
import type { World } from '../../core/World.js';
import { MAX_ACTIVE_FAULTS, type ScenarioModel } from '../Model.js';
import { beginCommand, quoteText, type ScenarioCommand } from './ScenarioCommand.js';

/** How long a fault command waits to see its connection drop. */
export const DROP_WAIT_MS = 1000;

/**
 * `CutUpstreamMidEmit(client, bytes, text)`: a `limit_data` toxic upstream on
 * the client's proxy, then an emit: the server gets the first `bytes` bytes of
 * the frame and the connection dies. The toxic stays until the next heal, so
 * reconnects die too.
 */
export class CutUpstreamMidEmitCommand implements ScenarioCommand {
  constructor(
    readonly client: number,
    readonly bytes: number,
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
    await world.injector.inject(faults['limit-data'], { stream: 'upstream', bytes: this.bytes }, [this.client]);
    client.send(this.text);
    await client.waitDisconnected(DROP_WAIT_MS);
  }

  toString(): string {
    return `CutUpstreamMidEmit(c${this.client}, ${this.bytes} bytes, ${quoteText(this.text)})`;
  }
}
