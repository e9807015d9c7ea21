/**
 * The campaign settings the bug-zoo benchmark and its test run with, besides
 * the scenario (scenarios/zoo.ts), the seed and the time limits.
 */
import type { CampaignOptions } from '../../harness/src/index.js';

/**
 * Three clients with the tutorial's ordered client (socket.io-client
 * `retries` + `ackTimeout`, unlimited retries), as the default campaign, but:
 *
 * - an ack timeout of 60 ms, so that a slow ack (latency downstream) makes the
 *   client retry while the first attempt is still being handled: the
 *   duplicate-handling paths of the server run (retries are deduplicated, so a
 *   correct server stays valid however short the timeout);
 * - a shorter final phase (5 s to drain, 400 ms to catch up, 50 ms of
 *   quiet, instead of 20 s, 5 s and 150 ms): on loopback a healed scenario
 *   drains within a few hundred ms, and once it has drained and the store is
 *   quiet, the clients of a correct server have caught up already (all 300
 *   catch-up waits of 100 scenarios took 0 ms, on a loaded 2-core machine),
 *   while a bug that leaves a client without a message costs the whole
 *   catch-up bound in every scenario that shows it. The quiet waits (twice per
 *   scenario) are a third of a scenario's fixed cost; against a correct
 *   server, whose acks follow its inserts, a drained store does not change
 *   any more.
 *
 * @example
 * await runCampaign(resolveConfig({ ...ZOO_CAMPAIGN, scenario: zoo, seed: 1 }));
 */
export const ZOO_CAMPAIGN = {
  clients: 3,
  strategy: 'queued-retry',
  ackTimeoutMs: 60,
  retries: Infinity,
  transport: 'websocket',
  finalPhase: { drainMs: 5000, catchUpMs: 400, quietMs: 50 },
} as const satisfies CampaignOptions;

/**
 * {@link ZOO_CAMPAIGN} for the multi-node zoo (scenarios/zoo-nodes.ts on
 * three nodes), with two changes:
 *
 * - an ack timeout of 500 ms, not 60: three nodes, Redis and PostgreSQL
 *   behind proxies answer a message in more than 60 ms on a loaded 2-core
 *   machine, and socket.io-client drops the late ack of an attempt it has
 *   retried, so a client re-sent a stored message forever and even the
 *   correct server was judged `unacknowledged` (measured: every bug's first
 *   failure showed it at load 18). A node crashed at a failpoint still makes
 *   the client retry on another node;
 * - 1 s to catch up instead of 400 ms: a correct node learns of another
 *   node's row from its notice through the adapter, or, cut from it, by
 *   reading the table every 300 ms.
 *
 * @example
 * await runCampaign(resolveConfig({ ...ZOO_NODES_CAMPAIGN, scenario: zooNodes, target: { kind: 'reference', nodes: 3, adapter: 'redis' } }));
 */
export const ZOO_NODES_CAMPAIGN = {
  ...ZOO_CAMPAIGN,
  ackTimeoutMs: 500,
  finalPhase: { ...ZOO_CAMPAIGN.finalPhase, catchUpMs: 1000 },
} as const satisfies CampaignOptions;
