import { faultByName } from '../../faults/registry.js';
import type { World } from '../World.js';
import { MAX_ACTIVE_FAULTS, noteInjected, type ScenarioModel } from '../Model.js';
import { InjectCommand } from './InjectCommand.js';
import { beginCommand, quoteText, type ScenarioCommand } from './ScenarioCommand.js';
import { faultUnavailable } from './faultUnavailable.js';

/**
 * `EmitDuring(fault, params, where, client, text)`: injects a fault and, in
 * the same breath, the client emits, so the message meets the fault (a
 * database that fails its insert, an ack slower than the client's ack
 * timeout, a restart) instead of missing it by a command. The fault stays
 * until the next heal, or until it ends by itself.
 *
 * @example
 * new EmitDuringFaultCommand(new InjectCommand('sqlite-unavailable', { duration: 300 }, []), 0, 'hi');
 * // EmitDuring(sqlite-unavailable, target, duration=300; c0, "hi")
 */
export class EmitDuringFaultCommand implements ScenarioCommand {
  constructor(
    readonly inject: InjectCommand,
    readonly client: number,
    readonly text: string,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients && model.activeFaults < MAX_ACTIVE_FAULTS && this.inject.check(model);
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    const fault = faultByName(this.inject.fault);
    if (faultUnavailable(world, fault)) return;
    noteInjected(model, fault, this.inject.clients);
    model.emitted++;
    await world.injector.inject(fault, this.inject.params, this.inject.clients);
    await world.clients[this.client]!.send(this.text);
  }

  toString(): string {
    const injected = this.inject.toString().replace(/^Inject\((.*)\)$/, '$1');
    return `EmitDuring(${injected}; c${this.client}, ${quoteText(this.text)})`;
  }
}
