/** A seed per zoo bug that finds it quickly. */
import type { BugName, NodeBugName } from '../../reference-server/src/bugs.js';

/**
 * The seed each bug of the zoo is searched with by the fast zoo test and the
 * soak's reproducibility part: one whose first failing scenario shows an
 * anomaly the zoo expects (measured with the benchmark's runs, with the zoo
 * scenario and ZOO_CAMPAIGN's settings).
 *
 * @example
 * ZOO_SEEDS['no-unique']; // 1
 */
export const ZOO_SEEDS: Record<BugName, number> = {
  'no-unique': 1,
  'ack-before-insert': 3,
  'insert-not-awaited': 2,
  'swallow-db-error': 5,
  'dup-ack-no-broadcast-lost': 2,
  'catchup-no-order': 3,
  'catchup-gte': 5,
  'no-db-catchup': 3,
  'broadcast-excludes-sender': 5,
  'memory-dedupe': 1,
  'catchup-race': 4,
  'catchup-ignores-recovered': 4,
  'no-retry-ack-on-duplicate': 1,
};

/**
 * The seed each multi-node bug is searched with by the fast zoo test
 * (harness/test/zoo/nodeDetection.test.ts): one whose first failing scenario
 * shows an anomaly the zoo expects, measured with the benchmark's runs
 * (scenarios/zoo-nodes.ts on three nodes, ZOO_NODES_CAMPAIGN's settings).
 *
 * @example
 * ZOO_NODE_SEEDS['local-broadcast']; // 1
 */
export const ZOO_NODE_SEEDS: Record<NodeBugName, number> = {
  'adapter-broadcast': 1,
  'local-broadcast': 1,
  'trust-recovered': 1,
  'node-memory-dedupe': 1,
  'node-local-offsets': 2,
  'no-adapter-error-listener': 1,
};
