import { describe, expect, it } from 'vitest';
import { reportsFolder, runValid } from './multiNodeRun.js';

const reports = reportsFolder('streams-chat');
const CONFIG = 'examples/streams-chat/siochaos.config.json';

describe('examples/streams-chat (a process per node, Redis Streams adapter, PostgreSQL), from its config alone', () => {
  it('runs green with its clients spread over its three nodes', async () => {
    const { results, served, handled } = await runValid(CONFIG, 'streams-chat', reports.path, '8s');
    expect(results.figures.messagesSent).toBeGreaterThan(0);
    expect([...served].sort()).toEqual(['n0', 'n1', 'n2']);
    expect(handled.size).toBeGreaterThan(1);
  }, 60_000);

  it('stays green while one node is cut from Redis, slowed or Redis is down for all (adapter-partition)', async () => {
    const { results } = await runValid(CONFIG, 'streams-chat', reports.path, '8s', 'adapter-partition');
    const injected = results.figures.faultsInjected;
    expect(Object.keys(injected).filter((fault) => fault.startsWith('adapter-'))).not.toEqual([]);
  }, 60_000);
});
