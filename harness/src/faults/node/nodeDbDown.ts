import type { Target } from '../../target/Target.js';
import type { ProxyPool } from '../../toxiproxy/ProxyPool.js';
import { postgresUnavailable, targetPostgresOf } from '../db/targetDatabaseOf.js';
import { nodeProxyCut } from './nodeFault.js';

/**
 * Why `fault` (node-db-down) cannot act on `target`, or undefined when it
 * can: it needs several nodes, each reaching the database through a proxy of
 * its own.
 */
function nodeDbUnavailable(fault: string, target: Pick<Target, 'name' | 'nodes' | 'database'>): string | undefined {
  if ((target.nodes?.length ?? 0) < 2) {
    return `fault ${fault} needs a target with more than one node, but target ${target.name} runs ${target.nodes?.length === 1 ? 'one node' : 'as one process'}: run it with nodes, or leave node faults out`;
  }
  const database = target.database;
  if (database?.kind === 'postgres' && database.sharedByNodes) {
    return `fault ${fault} needs each node to reach the database through a proxy of its own, but the nodes of target ${target.name} are workers of one command sharing one ({ports}): run one command per node ({port}, {databaseUrl}), or leave ${fault} out (db-down and the other database faults cut every node)`;
  }
  return postgresUnavailable(fault, target);
}

/** The nodes' proxies to the database, for `fault`. @throws Error saying why the target cannot take it. */
function nodeDbProxies(fault: string, target: Target): ProxyPool {
  const reason = nodeDbUnavailable(fault, target);
  if (reason) throw new Error(reason);
  return targetPostgresOf(fault, target).proxy();
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
export const nodeDbDown = nodeProxyCut({ name: 'node-db-down', kind: 'node', from: 'the database', unavailable: nodeDbUnavailable, pool: nodeDbProxies });
