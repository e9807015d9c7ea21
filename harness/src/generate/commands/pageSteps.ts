import { BrowserClient } from '../../clients/browser/BrowserClient.js';
import type { ScenarioClient } from '../../clients/ScenarioClient.js';
import type { World } from '../World.js';
import { faultByName } from '../../faults/registry.js';
import type { ScenarioModel } from '../Model.js';
import { faultUnavailable } from './faultUnavailable.js';

/** Bounds of the steps of the page commands, in ms: a connection seen gone, a client back, a page drained before a reload. */
export const PAGE_WAIT_MS = { gone: 2000, back: 8000, drained: 3000 } as const;

/**
 * The client at `index` when it is a page in a browser, else undefined.
 *
 * @example
 * const page = pageAt(world, 1); // BrowserClient | undefined
 */
export function pageAt(world: World, index: number): BrowserClient | undefined {
  const client = world.clients[index];
  return client instanceof BrowserClient ? client : undefined;
}

/**
 * Records that a command did nothing, and why (a page command on a Node client).
 *
 * @example
 * skipCommand(world, 'Reload(c0)', 'c0 is not a page');
 */
export function skipCommand(world: World, command: string, why: string): void {
  world.recorder.record({ type: 'command-skipped', command, reason: why });
}

/**
 * Has each client send `count` messages (texts unique in the scenario, naming
 * the client and `what`), and waits until pages have typed and submitted
 * them: not until they are sent, which may be much later.
 *
 * @example
 * await typeMessages(model, [world.clients[1]!], 2, 'offline'); // "c1 offline 7", "c1 offline 8"
 */
export async function typeMessages(model: ScenarioModel, clients: readonly ScenarioClient[], count: number, what: string): Promise<void> {
  for (let k = 0; k < count; k++) {
    for (const client of clients) {
      model.emitted++;
      void client.send(`${client.name} ${what} ${model.emitted}`);
    }
  }
  await Promise.all(clients.map((client) => (client instanceof BrowserClient ? client.whenTyped() : undefined)));
}

/**
 * Takes the proxies of `indices` down (the `down` fault) and waits until
 * each of those clients has seen its connection go.
 *
 * @returns the fault's id to heal, or undefined when `down` cannot run here (noted).
 */
export async function takeDown(world: World, indices: readonly number[]): Promise<number | undefined> {
  const fault = faultByName('down');
  if (faultUnavailable(world, fault)) return undefined;
  const id = await world.injector.inject(fault, {}, [...indices]);
  await Promise.all(indices.map((i) => world.clients[i]!.waitDisconnected(PAGE_WAIT_MS.gone)));
  return id;
}
