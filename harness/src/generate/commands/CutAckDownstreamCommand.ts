import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { canCutThenEmit, runCutThenEmit } from './cutThenEmit.js';
import { quoteText, type ScenarioCommand } from './ScenarioCommand.js';

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
    return canCutThenEmit(this.client, model);
  }

  run(model: ScenarioModel, world: World): Promise<void> {
    return runCutThenEmit(this, model, world, 'downstream', 0, this.text);
  }

  toString(): string {
    return `CutAckDownstream(c${this.client}, ${quoteText(this.text)})`;
  }
}
