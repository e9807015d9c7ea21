import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { canCutThenEmit, runCutThenEmit } from './cutThenEmit.js';
import { quoteText, type ScenarioCommand } from './ScenarioCommand.js';

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
    return canCutThenEmit(this.client, model);
  }

  run(model: ScenarioModel, world: World): Promise<void> {
    return runCutThenEmit(this, model, world, 'upstream', this.bytes, this.text);
  }

  toString(): string {
    return `CutUpstreamMidEmit(c${this.client}, ${this.bytes} bytes, ${quoteText(this.text)})`;
  }
}
