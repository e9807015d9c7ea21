import { createServer, type Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { storeReader } from '../../src/stores/readers.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function serve(status: number, body: unknown): Promise<number> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)));
}

it('reads an http store (array or {messages}), maps fields, and orders by offset', async () => {
  const port = await serve(200, { messages: [{ id: 2, who: 'c0', n: 2, text: 'b' }, { id: 1, who: 'c0', n: 1, text: 'a' }] });
  const reader = storeReader(
    { kind: 'http', url: 'http://127.0.0.1:{port}/messages', fields: { offset: 'id', client: 'who', seq: 'n', content: 'text' } },
    { port: String(port) },
  )!;
  expect(await reader.read()).toEqual([
    { offset: 1, msg: 'c0-1', content: 'a' },
    { offset: 2, msg: 'c0-2', content: 'b' },
  ]);
});

it('says what is wrong with an http store that answers badly', async () => {
  const port = await serve(500, { oops: true });
  const reader = storeReader({ kind: 'http', url: `http://127.0.0.1:${port}/messages` }, {})!;
  await expect(reader.read()).rejects.toThrow(/failed: HTTP 500/);
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  const shape = await serve(200, { rows: [] });
  await expect(storeReader({ kind: 'http', url: `http://127.0.0.1:${shape}/m` }, {})!.read()).rejects.toThrow(/must answer a JSON array/);
});

it('fills {port} into an http store url, and names a placeholder it has no value for', () => {
  expect(storeReader({ kind: 'http', url: 'http://127.0.0.1:{port}/messages' }, { port: '4321', host: '127.0.0.1' })!.description).toBe(
    'http http://127.0.0.1:4321/messages',
  );
  expect(() => storeReader({ kind: 'http', url: 'http://127.0.0.1:{port}/{room}' }, { port: '4321', host: '127.0.0.1' })).toThrow(
    'store.url http://127.0.0.1:{port}/{room}: no value for {room} with this target: use {port}, {host}',
  );
});
