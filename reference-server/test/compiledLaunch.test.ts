/**
 * The compiled reference server, as the package runs it: `npm run build`
 * bundles the compiled main.js into main.bundle.mjs, and the compiled
 * launcher starts that one file (socket.io and the rest inside, sqlite3 and
 * the backends from node_modules), not main.js with its hundreds of modules.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as Launch from '../src/launch.js';

const DIST = path.resolve(import.meta.dirname, '../../dist/reference-server/src');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-compiled-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('the compiled launcher starts the bundle, which stores and broadcasts a message', async () => {
  const { launchReferenceServer } = (await import(pathToFileURL(path.join(DIST, 'launch.js')).href)) as typeof Launch;
  const server = await launchReferenceServer({ db: path.join(dir, 'chat.sqlite') });
  try {
    const command = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
    expect(command[1]).toBe(path.join(DIST, 'main.bundle.mjs'));
    const socket = io(`http://${server.host}:${server.port}`, { transports: ['websocket'], auth: { serverOffset: 0 } });
    try {
      const received = new Promise<unknown[]>((resolve) => socket.once('chat message', (...args: unknown[]) => resolve(args)));
      const ack = await socket.timeout(5000).emitWithAck('chat message', 'from the bundle', 'c0-1');
      expect(ack).toBeUndefined();
      expect((await received).slice(0, 2)).toEqual(['from the bundle', 1]);
    } finally {
      socket.disconnect();
    }
  } finally {
    await server.stop();
  }
}, 30_000);
