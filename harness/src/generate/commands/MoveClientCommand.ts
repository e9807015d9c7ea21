import type { LoadBalancer } from '../../target/LoadBalancer.js';
import type { TargetNode } from '../../target/Target.js';
import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';

/**
 * `MoveClient(client, node)`: the load balancer in front of a multi-node
 * target sends the client to another node: its proxy is re-pointed, which
 * drops its open connections (as a failover behind a balancer does), and it
 * reconnects there, recovering its session if the target can across nodes.
 * The balancer records `client-moved` (cause `command`); moving a client to
 * the node it is on does nothing, and a node that is down takes no client
 * (`command-skipped`).
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
    const route = this.route(world);
    if (typeof route === 'string') {
      world.recorder.record({ type: 'command-skipped', command: this.toString(), reason: route });
      return;
    }
    await route.balancer.move(this.client, route.node.name, 'command');
  }

  /** The balancer and the node to move to, or why the move cannot be made. */
  private route(world: World): { balancer: LoadBalancer; node: TargetNode } | string {
    const nodes = world.target.nodes ?? [];
    const node = nodes[this.node];
    if (!world.balancer) return `target ${world.target.name} has no load balancer in front of it (it runs one node)`;
    if (!node) return `target ${world.target.name} has no node ${this.node} (it has ${nodes.length})`;
    if (node.process?.isRunning() === false) return `node ${node.name} is down: a balancer sends no client to a node its health check finds down`;
    return { balancer: world.balancer, node };
  }

  toString(): string {
    return `MoveClient(c${this.client}, n${this.node})`;
  }
}
