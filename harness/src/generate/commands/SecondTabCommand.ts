import type { BrowserClient } from '../../clients/browser/BrowserClient.js';
import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { healEveryFault } from './HealCommand.js';
import { PageCommand } from './PageCommand.js';
import { PAGE_WAIT_MS, skipCommand, typeMessages } from './pageSteps.js';

/** The most tabs one page's user opens in a scenario, besides its first. */
export const MAX_EXTRA_TABS = 2;

/**
 * `SecondTab(client)`: every fault is healed, the page's user opens the page
 * in another tab (same browser context: storage and cookies shared, through
 * the same proxy, so the client's network faults hit both), a client of its
 * own named `<client>-tab<n>` that stays open to the end, and both tabs type
 * a message at once. Two tabs of one user share whatever the page keeps in
 * its storage, and each has its own socket. A Node client is skipped (noted).
 *
 * @example
 * new SecondTabCommand(1); // SecondTab(c1): opens c1-tab2
 */
export class SecondTabCommand extends PageCommand {
  protected async act(page: BrowserClient, model: ScenarioModel, world: World): Promise<void> {
    if (!world.addClient) return skipCommand(world, this.toString(), 'this scenario cannot take clients opened during it');
    const tabs = world.clients.filter((c) => c.name.startsWith(`${page.name}-tab`)).length;
    if (tabs >= MAX_EXTRA_TABS) return skipCommand(world, this.toString(), `${page.name} already has ${tabs} more tabs open`);
    await healEveryFault(model, world);
    const tab = await page.openTab(`${page.name}-tab${tabs + 2}`);
    world.addClient(tab);
    await tab.waitConnected(PAGE_WAIT_MS.back);
    await typeMessages(model, [page, tab], 1, 'in two tabs');
  }

  toString(): string {
    return `SecondTab(c${this.client})`;
  }
}
