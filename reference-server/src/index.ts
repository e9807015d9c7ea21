/**
 * The reference server's public API, for the harness and for scenarios: start
 * it as a process, arm its failpoints, list its planted bugs, and open its
 * store for a final read. Every export is named.
 *
 * @example
 * import { launchReferenceServer, BUGS } from '../reference-server/src/index.js';
 * const server = await launchReferenceServer({ db: '/tmp/t/chat.sqlite', bugs: ['catchup-gte'] });
 */
export { launchReferenceServer } from './launch.js';
export type { ClusterWorker, LaunchAdapter, LaunchedReferenceServer, LaunchOptions } from './launch.js';
export { armFailpoint, disarmFailpoints, listFailpoints } from './adminClient.js';
export type { FailpointActionName, FailpointListing, FailpointPoint } from './adminClient.js';
export { ALL_BUG_NAMES, BUG_NAMES, BUGS, bugInfo, isBugName, isNodeBugName, NODE_BUG_NAMES, NODE_BUGS } from './bugs.js';
export type { AnyBugName, BrokenGuarantee, BugInfo, BugName, ExpectedAnomaly, NodeBugName } from './bugs.js';
export { ADAPTER_NAMES } from './config.js';
export type { AdapterName } from './config.js';
export { FAILPOINT_ACTIONS, FAILPOINT_NAMES } from './failpoints/points.js';
export type { FailpointAction, FailpointName } from './failpoints/points.js';
export { openStore } from './store/openStore.js';
export type { StoreLocation } from './store/openStore.js';
export type { CatchUpQuery, InsertResult, Store, StoredRow } from './store/Store.js';
