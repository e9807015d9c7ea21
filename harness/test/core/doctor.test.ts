import path from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfigFile.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { runDoctor } from '../../src/core/doctor.js';
import { packageRoot } from '../../src/paths.js';

it('passes every check against the reference server', async () => {
  const checks = await runDoctor(resolveConfig({}));
  expect(checks.map((c) => [c.name, c.ok])).toEqual([
    ['toxiproxy', true],
    ['chromium', true],
    ['redis', true],
    ['target', true],
    ['through the proxy', true],
    ['store', true],
  ]);
}, 60_000);

it('stops at a target that does not start, and says why', async () => {
  const checks = await runDoctor(
    resolveConfig({
      target: { kind: 'command', command: [process.execPath, '-e', 'console.error("missing CHAT_SECRET"); process.exit(1)'] },
      store: { kind: 'none' },
    }),
  );
  expect(checks.map((c) => [c.name, c.ok])).toEqual([
    ['toxiproxy', true],
    ['chromium', true],
    ['redis', true],
    ['target', false],
  ]);
  expect(checks[3]!.detail).toContain('missing CHAT_SECRET');
}, 60_000);

it('says when the store does not hold what the client sent', async () => {
  const example = path.join(packageRoot, 'examples', 'tutorial-chat');
  const options = await loadConfig(path.join(example, 'siochaos.config.json'), example);
  const checks = await runDoctor(
    resolveConfig({
      ...options,
      // A query that can never find the doctor's message.
      store: { kind: 'sqlite', file: '{db}', query: 'SELECT id, client_offset, content FROM messages WHERE 0', fields: { offset: 'id', msg: 'client_offset' } },
    }),
  );
  expect(checks.map((c) => [c.name, c.ok])).toEqual([
    ['toxiproxy', true],
    ['chromium', true],
    ['redis', true],
    ['target', true],
    ['through the proxy', true],
    ['store', false],
  ]);
  expect(checks[5]!.detail).toMatch(/not the doctor's message .*check the store's query and fields/);
}, 60_000);

/** examples/content-chat: stores only (id, content); ACK=0 makes it a server that never acks. */
async function contentChat(ack: boolean, strategy: string) {
  const example = path.join(packageRoot, 'examples', 'content-chat');
  const options = await loadConfig(path.join(example, 'siochaos.config.json'), example);
  const target = options.target as Extract<typeof options.target, { kind: 'command' }>;
  return runDoctor(resolveConfig({ ...options, strategy, target: { ...target, env: { ...target.env, ACK: ack ? '1' : '0' } } }));
}

it('passes a server that never acks under at-most-once, by its broadcast or stored row, and finds the row by content', async () => {
  const checks = await contentChat(false, 'at-most-once');
  expect(checks.filter((c) => c.name !== 'chromium').map((c) => [c.name, c.ok])).toEqual([
    ['toxiproxy', true],
    ['redis', true],
    ['target', true],
    ['through the proxy', true],
    ['store', true],
  ]);
  expect(checks.find((c) => c.name === 'through the proxy')!.detail).toMatch(/strategy at-most-once is promised no ack, and the message (came back as a broadcast|was stored)/);
}, 60_000);

it('fails a server that never acks under a strategy that waits for acks, and names at-most-once', async () => {
  const checks = await contentChat(false, 'queued-retry');
  const proxy = checks.find((c) => c.name === 'through the proxy')!;
  expect(proxy.ok).toBe(false);
  expect(proxy.detail).toMatch(/not acknowledged: strategy queued-retry waits for the server's ack.*strategy: 'at-most-once'/);
}, 60_000);

it('says what to map when a store without client offsets names a content field its rows lack', async () => {
  const example = path.join(packageRoot, 'examples', 'content-chat');
  const options = await loadConfig(path.join(example, 'siochaos.config.json'), example);
  const store = { kind: 'sqlite' as const, file: '{db}', query: 'SELECT id, content FROM messages', fields: { offset: 'id', content: 'text' } };
  const checks = await runDoctor(resolveConfig({ ...options, store }));
  const check = checks.find((c) => c.name === 'store')!;
  expect(check.ok).toBe(false);
  expect(check.detail).toMatch(/store row has no "text" field, .*map store.fields.content to the field holding the text/);
}, 60_000);
