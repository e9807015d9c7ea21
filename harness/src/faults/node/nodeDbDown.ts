import type { Target } from '../../target/Target.js';
import type { Fault } from '../Fault.js';
import { postgresUnavailable, targetPostgresOf } from '../db/targetDatabaseOf.js';
import { disableProxies } from '../toxiproxy/disableProxies.js';
import { nodeParam, nodeProxyIndex } from './nodeParam.js';

/**
 * Why `node-db-down` cannot act on `target`, or undefined when it can: it
 * needs several nodes, each reaching the database through a proxy of its own.
 */
function nodeDbUnavailable(target: Pick<Target, 'name' | 'nodes' | 'database'>): string | undefined {
  if ((target.nodes?.length ?? 0) < 2) {
    return `fault node-db-down needs a target with more than one node, but target ${target.name} runs ${target.nodes?.length === 1 ? 'one node' : 'as one process'}: run it with nodes, or leave node faults out`;
  }
  return postgresUnavailable('node-db-down', target);
}

/**
 * `node-db-down`: one node cut from the shared database (its own database
 * proxy disabled: connections cut, new ones refused) until healed, the other
 * nodes still storing. The node keeps running, so its clients stay on it:
 * their messages wait for the database while the others' go through.
 *
 * @example
 * await injector.inject(nodeDbDown, { node: 1 }, []);
 */
export const nodeDbDown: Fault = {
  name: 'node-db-down',
  kind: 'node',
  summary: 'cut one node from the database (its database proxy disabled) until healed',
  params: { node: nodeParam('the node to cut from the database') },
  scope: 'target',
  describe: (params) => `cut node n${params.node} from the database (its proxy disabled)`,
  unavailableReason: (context) => nodeDbUnavailable(context.target),
  async inject(context, params) {
    const reason = nodeDbUnavailable(context.target);
    if (reason) throw new Error(reason);
    const proxies = targetPostgresOf('node-db-down', context.target).proxy();
    return disableProxies(proxies, [nodeProxyIndex('node-db-down', proxies, Number(params.node))]);
  },
};
