import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { atMostOnce } from '../../src/clients/strategies/atMostOnce.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { waitFor } from '../../src/net/waitFor.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { FaultBed, storedMsgs, waitForRows } from '../faults/fixtures.js';

const bed = new FaultBed();
beforeAll(() => bed.startToxiproxy());
afterEach(() => bed.cleanup());
afterAll(() => bed.stopToxiproxy());

describe('at-most-once', () => {
  it("emits exactly as Socket.IO's default client does: no ack function", async () => {
    const httpServer = createServer();
    const io = new Server(httpServer);
    const lastArgTypes: string[] = [];
    io.on('connection', (socket) => socket.on('chat message', (...args: unknown[]) => lastArgTypes.push(typeof args.at(-1))));
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    bed.defer(() => new Promise<void>((resolve) => io.close(() => resolve())));
    const client = new ChaosClient({
      name: 'c0',
      url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
      strategy: atMostOnce({ ackTimeoutMs: 1000, retries: 0 }),
      protocol: tutorialProtocol,
      recorder: new HistoryRecorder(),
    });
    bed.defer(() => client.close());
    client.connect();
    expect(await client.waitConnected(5000)).toBe(true);
    client.send('hi');
    expect(await waitFor(() => lastArgTypes[0], 5000, 10)).toBe('string');
  });

  it('the reference server stores plain emits (and answers nobody)', async () => {
    const w = await bed.world({ strategy: 'at-most-once' });
    const sent = [w.client.send('one'), w.client.send('two'), w.client.send('three')];
    await waitForRows(w.target, 3, 5000);
    expect(await storedMsgs(w.target)).toEqual(sent);
  });
});
