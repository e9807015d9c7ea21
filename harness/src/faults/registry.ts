import { clientLeave } from './client/clientLeave.js';
import { adapterDown, adapterLatency, adapterPartition } from './adapter/adapterFaults.js';
import { clientReconnect } from './client/clientReconnect.js';
import { dbDown, dbLatency, dbResetPeer, dbTimeout } from './db/dbFaults.js';
import { sqliteStall } from './db/sqliteStall.js';
import { sqliteUnavailable } from './db/sqliteUnavailable.js';
import type { Fault } from './Fault.js';
import { crash } from './process/crash.js';
import { nodeCrash } from './node/nodeCrash.js';
import { nodeDbDown } from './node/nodeDbDown.js';
import { nodePause } from './node/nodePause.js';
import { nodeRestart } from './node/nodeRestart.js';
import { crashAt } from './process/crashAt.js';
import { pause } from './process/pause.js';
import { restart } from './process/restart.js';
import { bandwidth, latency, limitData, proxyDown, resetPeer, slicer, slowClose, timeout } from './toxiproxy/networkFaults.js';

/**
 * Every fault siochaos can inject, by name.
 *
 * @example
 * const fault = faults['limit-data'];
 */
export const faults = {
  latency,
  bandwidth,
  'slow-close': slowClose,
  timeout,
  'reset-peer': resetPeer,
  slicer,
  'limit-data': limitData,
  down: proxyDown,
  crash,
  restart,
  pause,
  'crash-at': crashAt,
  'sqlite-stall': sqliteStall,
  'sqlite-unavailable': sqliteUnavailable,
  'db-latency': dbLatency,
  'db-timeout': dbTimeout,
  'db-reset-peer': dbResetPeer,
  'db-down': dbDown,
  'client-reconnect': clientReconnect,
  'client-leave': clientLeave,
  'node-crash': nodeCrash,
  'node-restart': nodeRestart,
  'node-pause': nodePause,
  'node-db-down': nodeDbDown,
  'adapter-partition': adapterPartition,
  'adapter-latency': adapterLatency,
  'adapter-down': adapterDown,
} satisfies Record<string, Fault>;

/** The name of a built-in fault. */
export type FaultName = keyof typeof faults;

/**
 * Looks a fault up by name.
 *
 * @throws Error listing the valid names when there is no such fault.
 * @example
 * faultByName('latency').summary; // 'delay data by latency ± jitter ms'
 */
export function faultByName(name: string): Fault {
  const fault = (faults as Record<string, Fault>)[name];
  if (!fault) throw new Error(`unknown fault "${name}": use one of ${Object.keys(faults).join(', ')}`);
  return fault;
}
