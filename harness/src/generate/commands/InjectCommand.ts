import { faultByName } from '../../faults/registry.js';
import type { World } from '../World.js';
import { MAX_ACTIVE_FAULTS, noteInjected, removesEveryClient, type ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';
import { faultUnavailable } from './faultUnavailable.js';

/**
 * `Inject(fault, params, clients)`: any fault of the registry, with generated
 * parameters, on some clients (or on the target). It stays until the next heal
 * (or until it heals itself, for faults with a duration).
 */
export class InjectCommand implements ScenarioCommand {
  constructor(
    readonly fault: string,
    readonly params: Readonly<Record<string, number | string>>,
    readonly clients: readonly number[],
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    if (model.activeFaults >= MAX_ACTIVE_FAULTS) return false;
    if (this.clients.some((c) => c >= model.clients)) return false;
    const fault = faultByName(this.fault);
    if (fault.removesClients && removesEveryClient(model, this.clients)) return false;
    return fault.scope === 'clients' || !model.targetFaultActive;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    const fault = faultByName(this.fault);
    if (faultUnavailable(world, fault)) return;
    noteInjected(model, fault, this.clients);
    await world.injector.inject(fault, this.params, this.clients);
  }

  toString(): string {
    const params = Object.entries(this.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const where = faultByName(this.fault).scope === 'clients' ? this.clients.map((c) => `c${c}`).join('+') : 'target';
    return `Inject(${this.fault}, ${where}${params ? ', ' + params : ''})`;
  }
}
