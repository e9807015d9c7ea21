import type { BrowserClient } from '../../clients/browser/BrowserClient.js';
import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { healEveryFault } from './HealCommand.js';
import { PageCommand } from './PageCommand.js';
import { PAGE_WAIT_MS } from './pageSteps.js';

/**
 * `Reload(client)`: every fault is healed, the page gets time to reconnect
 * (bounded) and then to finish sending, and is reloaded, as a person pressing F5: a new document and a
 * new Socket.IO session (the server cannot recover it: a new page has no
 * session to recover), with whatever the page keeps in its own storage. What
 * it had not had acknowledged is recorded as given up by the page (cause
 * `page-reloaded`: not an error of the server). Its list
 * is rebuilt by the server's catch-up. A Node client is skipped (noted).
 *
 * @example
 * new ReloadCommand(1); // Reload(c1)
 */
export class ReloadCommand extends PageCommand {
  protected async act(page: BrowserClient, model: ScenarioModel, world: World): Promise<void> {
    await healEveryFault(model, world);
    // Socket.IO's reconnect backoff can outlast the drain: let the page come back first, so what it holds can go out.
    await page.waitConnected(PAGE_WAIT_MS.back);
    await page.drain(PAGE_WAIT_MS.drained);
    await page.reload();
    await page.waitConnected(PAGE_WAIT_MS.back);
  }

  toString(): string {
    return `Reload(c${this.client})`;
  }
}
