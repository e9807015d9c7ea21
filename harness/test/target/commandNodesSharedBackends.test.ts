/**
 * The workers of one `{ports}` command share one proxy to the database and
 * one to the adapter's backend: the faults that cut one node from either
 * say so (and what to run instead) rather than fail when injected.
 */
import { expect, it } from 'vitest';
import { adapterUnavailable } from '../../src/faults/adapter/targetAdapterOf.js';
import { faultByName } from '../../src/faults/registry.js';
import { commandTargetSchema } from '../../src/model/config.js';
import { commandNodesTarget } from '../../src/target/commandNodes.js';
import type { Target } from '../../src/target/Target.js';

const notUsed = () => Promise.reject(new Error('not started in this test'));

function target(command: string[], env: Record<string, string>): Target {
  return commandNodesTarget({
    config: { kind: 'command', command, env, nodes: 3, adapter: 'redis' },
    database: { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test', env: 'DATABASE_URL' },
    dataDir: '/tmp/unused',
    logDir: '/tmp/unused/logs',
    toxiproxyUrl: 'http://127.0.0.1:1',
    store: () => undefined,
    redis: notUsed,
    redisPrefix: () => 'unused:',
  });
}

it('node-db-down and the adapter faults on a {ports} target say its workers share one proxy; on N commands they apply', () => {
  const shared = target(['node', 'server.js'], { PORTS: '{ports}', REDIS_URL: '{redisUrl}' });
  const nodeDbDown = faultByName('node-db-down');
  expect(nodeDbDown.unavailableReason?.({ target: shared } as never)).toMatch(
    /^fault node-db-down needs each node to reach the database through a proxy of its own, but the nodes of target .* are workers of one command sharing one \(\{ports\}\): run one command per node/,
  );
  expect(adapterUnavailable('adapter-partition', shared)).toMatch(
    /^fault adapter-partition needs each node to reach the redis adapter's backend through a proxy of its own, but the nodes of target .* are workers of one command sharing one \(\{ports\}\)/,
  );
  const perNode = target(['node', 'server.js'], { PORT: '{port}', REDIS_URL: '{redisUrl}' });
  expect(nodeDbDown.unavailableReason?.({ target: perNode } as never)).toBeUndefined();
  expect(adapterUnavailable('adapter-partition', perNode)).toBeUndefined();
});

it('URL lists go with {ports}, and not with their one-URL form', () => {
  const issues = (command: string[], env: Record<string, string>) => {
    const parsed = commandTargetSchema.safeParse({ kind: 'command', command, env, nodes: 3, adapter: 'redis' });
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  };
  expect(issues(['node', 'server.js'], { PORTS: '{ports}', REDIS_URLS: '{adapterUrls}' })).toEqual([]);
  expect(issues(['node', 'server.js'], { PORT: '{port}', REDIS_URLS: '{adapterUrls}' })).toEqual([
    "{adapterUrls} gives one command every node's URL: it goes with {ports}; N commands each take their {adapterUrl}",
  ]);
  expect(issues(['node', 'server.js'], { PORTS: '{ports}', A: '{databaseUrls}', B: '{databaseUrl}' })).toEqual([
    '{databaseUrl} and {databaseUrls} both: give the workers their own URLs ({databaseUrls}) or one they share ({databaseUrl})',
  ]);
  expect(issues(['node', 'server.js'], { PORTS: '{ports}', A: '{adapterUrls}', B: '{redisUrl}' })).toEqual([
    'with a Redis adapter, {adapterUrl} is {redisUrl}: use {redisUrls} and {adapterUrls} together, or neither',
  ]);
});
