import type { World } from '../World.js';
import type { ProbeKind } from '../../history/events.js';
import type { ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/**
 * `Probe(client, kind)`: the client sends what real clients send and a handler
 * must survive (an emit without an ack function, a missing or non-string
 * client offset, a content of the wrong type, an oversized content, an
 * unknown event), in the target's protocol, and goes on without waiting. The
 * server must stay up (else `target-crashed`, naming this payload) and store
 * no row for a malformed payload (else `bad-row-stored`). A client that cannot
 * send raw arguments (a page) skips it (a `probe-skipped` event).
 *
 * @example
 * new ProbeCommand(0, 'missing-offset'); // Probe(c0, missing-offset)
 */
export class ProbeCommand implements ScenarioCommand {
  constructor(
    readonly client: number,
    readonly kind: ProbeKind,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients;
  }

  async run(_model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    const client = world.clients[this.client]!;
    if (client.probe) client.probe(this.kind);
    else world.recorder.record({ type: 'probe-skipped', client: client.name, probe: this.kind, reason: 'no-raw-arguments' });
  }

  toString(): string {
    return `Probe(c${this.client}, ${this.kind})`;
  }
}
