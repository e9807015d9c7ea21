import type { BrowserClient } from '../../clients/browser/BrowserClient.js';
import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { pageAt, skipCommand } from './pageSteps.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/**
 * A command that acts on one client's page in the browser (a reload, a
 * second tab): on a Node client it does nothing and notes why.
 *
 * @example
 * class Blink extends PageCommand {
 *   protected async act(page: BrowserClient) { await page.reload(); }
 *   toString() { return `Blink(c${this.client})`; }
 * }
 */
export abstract class PageCommand implements ScenarioCommand {
  constructor(readonly client: number) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    const page = pageAt(world, this.client);
    if (!page) return skipCommand(world, this.toString(), `c${this.client} is not a page`);
    await this.act(page, model, world);
  }

  /** What the command does with the page. */
  protected abstract act(page: BrowserClient, model: ScenarioModel, world: World): Promise<void>;

  abstract toString(): string;
}
