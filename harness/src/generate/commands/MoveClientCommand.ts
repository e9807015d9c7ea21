import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/** What a move needs of the load balancer (`target/LoadBalancer.ts`). */
interface ClientMover {
  move(client: number, to: string, cause: 'command'): Promise<void>;
}

/**
 * `MoveClient(client, node)`: the load balancer in front of a multi-node
 * target sends the client to another node: its proxy is re-pointed, which
 * drops its open connections (as a failover behind a balancer does), and it
 * reconnects there, recovering its session if the target can across nodes.
 * The balancer records `client-moved` (cause `command`); moving a client to
 * the node it is on does nothing.
 *
 * @example
 * await new MoveClientCommand(0, 2).run(model, world); // c0 now on n2
 */
export class MoveClientCommand implements ScenarioCommand {
  constructor(
    readonly client: number,
    readonly node: number,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients && !model.departed.has(this.client);
  }

  async run(_model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    const balancer = (world as World & { balancer?: ClientMover }).balancer;
    const nodes = world.target.nodes ?? [];
    const node = nodes[this.node];
    if (!balancer || !node) {
      const why = !balancer
        ? `target ${world.target.name} has no load balancer in front of it (it runs one node)`
        : `target ${world.target.name} has no node ${this.node} (it has ${nodes.length})`;
      world.recorder.record({ type: 'command-skipped', command: this.toString(), reason: why });
      return;
    }
    await balancer.move(this.client, node.name, 'command');
  }

  toString(): string {
    return `MoveClient(c${this.client}, n${this.node})`;
  }
}
