import { faults } from '../../faults/registry.js';
import type { World } from '../World.js';
import { MAX_ACTIVE_FAULTS, type ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/** How long a cut-then-emit command waits to see its connection drop. */
export const DROP_WAIT_MS = 1000;

/**
 * Runs a cut-then-emit command: a `limit_data` toxic on the client's proxy,
 * then an emit through it, then a bounded wait for the connection to drop.
 * The toxic stays until the next heal, so reconnects die too.
 *
 * @example
 * await runCutThenEmit(this, model, world, 'upstream', 12, 'hello');
 */
export async function runCutThenEmit(
  command: ScenarioCommand & { readonly client: number },
  model: ScenarioModel,
  world: World,
  stream: 'upstream' | 'downstream',
  bytes: number,
  text: string,
): Promise<void> {
  if (beginCommand(world, command)) return;
  model.activeFaults++;
  model.emitted++;
  const client = world.clients[command.client]!;
  await world.injector.inject(faults['limit-data'], { stream, bytes }, [command.client]);
  client.send(text);
  await client.waitDisconnected(DROP_WAIT_MS);
}

/**
 * Whether a cut-then-emit command may run: its client exists and the model has room for a fault.
 *
 * @example
 * check(model) { return canCutThenEmit(this.client, model); }
 */
export function canCutThenEmit(client: number, model: Readonly<ScenarioModel>): boolean {
  return client < model.clients && model.activeFaults < MAX_ACTIVE_FAULTS;
}
