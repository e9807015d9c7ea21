import { describe, expect, it } from 'vitest';
import { reportsFolder, runValid } from './multiNodeRun.js';

const reports = reportsFolder('cluster-chat');
const CONFIG = 'examples/cluster-chat/siochaos.config.json';

describe('examples/cluster-chat (node:cluster, a worker per port, the cluster adapter), from its config alone', () => {
  it('runs green with its clients spread over its three workers', async () => {
    const { results, served, handled } = await runValid(CONFIG, 'cluster-chat', reports.path, '8s');
    expect(results.figures.messagesSent).toBeGreaterThan(0);
    expect([...served].sort()).toEqual(['n0', 'n1', 'n2']);
    expect(handled.size).toBeGreaterThan(1);
  }, 60_000);

  it('stays green while its workers are killed, restarted and paused one at a time (node-failover)', async () => {
    const { results } = await runValid(CONFIG, 'cluster-chat', reports.path, '12s', 'node-failover');
    const injected = results.figures.faultsInjected;
    expect((injected['node-crash'] ?? 0) + (injected['node-restart'] ?? 0) + (injected['node-pause'] ?? 0)).toBeGreaterThan(0);
  }, 60_000);
});
