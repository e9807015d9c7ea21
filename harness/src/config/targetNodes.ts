import { SetupError } from '../errors/SetupError.js';
import { BALANCER_MODES, CLUSTER_NEEDS_SQLITE, MAX_REFERENCE_NODES, REFERENCE_ADAPTERS } from '../model/config.js';
import type { TransportMode } from '../model/transport.js';
import type { TargetConfig } from './types.js';

/**
 * Why a roaming balancer needs websocket clients: a polling session is a
 * series of requests that must all reach the node that holds it.
 *
 * @example
 * throw new SetupError(ROAMING_NEEDS_WEBSOCKET);
 */
export const ROAMING_NEEDS_WEBSOCKET =
  "balancer roaming needs transport websocket: polling (and upgrade, which starts with it) needs sticky sessions, so use balancer sticky or --transport websocket";

/**
 * Checks a target's nodes, adapter and balancer, whether they come from a
 * config file (its schema checked them already), the command line or the API:
 * a reference target runs 1 to 8 nodes, needs an adapter it knows with more
 * than one (and none with one), and a roaming balancer (of a reference or a
 * command target) needs websocket clients.
 *
 * @throws SetupError saying what is wrong and what to give instead.
 * @example
 * checkTargetNodes({ kind: 'reference', nodes: 3, adapter: 'redis' }, 'websocket'); // fine
 * checkTargetNodes({ kind: 'reference', nodes: 3 }, 'websocket'); // SetupError: 3 nodes need an adapter...
 */
export function checkTargetNodes(target: TargetConfig, transport: TransportMode | 'any'): void {
  if (target.kind === 'command') {
    if (target.balancer !== undefined && (target.nodes ?? 1) < 2) {
      throw new SetupError(`balancer ${target.balancer} spreads clients over nodes: set the command target's nodes (for example nodes: 3)`);
    }
    return checkBalancer(target.balancer, transport);
  }
  if (target.kind !== 'reference') return;
  const nodes = target.nodes ?? 1;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_REFERENCE_NODES) {
    throw new SetupError(`nodes must be a whole number from 1 to ${MAX_REFERENCE_NODES}, got ${target.nodes} (for example --nodes 3)`);
  }
  const adapter = target.adapter as string | undefined;
  if (adapter !== undefined && !(REFERENCE_ADAPTERS as readonly string[]).includes(adapter)) {
    throw new SetupError(`there is no adapter ${adapter}: use ${REFERENCE_ADAPTERS.join(', ')} (for example --adapter redis)`);
  }
  if (adapter === 'cluster' && target.store === 'postgres') throw new SetupError(CLUSTER_NEEDS_SQLITE);
  if (nodes === 1 && adapter !== undefined) throw new SetupError(`adapter ${adapter} is between nodes: set nodes (for example --nodes 3)`);
  if (nodes > 1 && adapter === undefined) {
    throw new SetupError(`${nodes} nodes need an adapter between them: set adapter to ${REFERENCE_ADAPTERS.join(', ')} (for example --adapter redis)`);
  }
  checkBalancer(target.balancer, transport);
}

/** A balancer siochaos knows; roaming only with websocket clients. */
function checkBalancer(balancer: string | undefined, transport: TransportMode | 'any'): void {
  if (balancer !== undefined && !(BALANCER_MODES as readonly string[]).includes(balancer)) {
    throw new SetupError(`balancer must be ${BALANCER_MODES.join(' or ')}, got ${balancer} (for example --balancer sticky)`);
  }
  if (balancer === 'roaming' && transport !== 'websocket') throw new SetupError(ROAMING_NEEDS_WEBSOCKET);
}
