import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../src/faults/registry.js';
import { sleep } from '../../src/net/waitFor.js';
import { eventsOf, FaultBed, storedMsgs, waitForOk, waitForRows } from './fixtures.js';

const bed = new FaultBed();
beforeAll(() => bed.startToxiproxy());
afterEach(() => bed.cleanup());
afterAll(() => bed.stopToxiproxy());

/** Resolves with the error code of a TCP connect to `port`, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('network faults', () => {
  it('limit-data upstream: the connection is cut mid-message, nothing is stored until the retry after heal', async () => {
    const w = await bed.world();
    const id = await w.injector.inject(faults['limit-data'], { stream: 'upstream', bytes: 10 }, [0]);
    const sent = w.client.send('cut in the middle of its frame');
    expect(await w.client.waitDisconnected(3000)).toBe(true);
    await sleep(1000);
    expect(await storedMsgs(w.target)).toEqual([]);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);

    await w.injector.heal(id);
    const ok = await waitForOk(w.recorder, sent, 5000);
    expect(ok).toBeDefined();
    expect(ok!.attempt).toBeGreaterThanOrEqual(2);
    expect(await storedMsgs(w.target)).toEqual([sent]);
  });

  it('limit-data downstream 0: the server stores the message, the client never gets that ack; ok comes from a later attempt', async () => {
    const w = await bed.world();
    const id = await w.injector.inject(faults['limit-data'], { stream: 'downstream', bytes: 0 }, [0]);
    const sent = w.client.send('stored, ack cut');
    expect(await waitForRows(w.target, 1, 3000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
    expect(await w.client.waitDisconnected(3000)).toBe(true);
    await sleep(500);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);

    await w.injector.heal(id);
    const ok = await waitForOk(w.recorder, sent, 5000);
    expect(ok).toBeDefined();
    expect(ok!.attempt).toBeGreaterThanOrEqual(2);
    expect(await storedMsgs(w.target)).toEqual([sent]);
  });

  it('reset-peer: the connection is dropped; after heal the client is back', async () => {
    const w = await bed.world();
    const id = await w.injector.inject(faults['reset-peer'], { stream: 'downstream', timeout: 0 }, [0]);
    expect(await w.client.waitDisconnected(3000)).toBe(true);
    expect(eventsOf(w.recorder, 'disconnect').map((e) => e.reason)).toEqual([expect.stringMatching(/^transport (close|error)$/)]);
    await w.injector.heal(id);
    expect(await w.client.waitConnected(5000)).toBe(true);
    const sent = w.client.send('after the reset');
    expect(await waitForOk(w.recorder, sent, 5000)).toBeDefined();
  });

  it('timeout: a blackhole, no ack while it lasts; the message is acked after heal, stored once', async () => {
    const w = await bed.world();
    const id = await w.injector.inject(faults.timeout, { stream: 'downstream', timeout: 0 }, [0]);
    const sent = w.client.send('into the blackhole');
    await sleep(1500);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);
    await w.injector.heal(id);
    expect(await waitForOk(w.recorder, sent, 6000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
  });

  it('latency: the ack comes at least the latency later', async () => {
    const w = await bed.world();
    const id = await w.injector.inject(faults.latency, { stream: 'downstream', latency: 600 }, [0]);
    const sent = w.client.send('slow');
    const invoke = eventsOf(w.recorder, 'invoke', sent)[0]!;
    const ok = await waitForOk(w.recorder, sent, 5000);
    expect(ok).toBeDefined();
    expect(ok!.t - invoke.t).toBeGreaterThanOrEqual(600);
    await w.injector.heal(id);
  });

  it('down: the client is disconnected and new connections are refused until heal', async () => {
    const w = await bed.world();
    const port = w.pool.entries[0]!.port;
    const id = await w.injector.inject(faults.down, {}, [0]);
    expect(await w.client.waitDisconnected(3000)).toBe(true);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    const sent = w.client.send('while down');
    await w.injector.heal(id);
    expect(await tryConnect(port)).toBe('connected');
    expect(await w.client.waitConnected(5000)).toBe(true);
    expect(await waitForOk(w.recorder, sent, 5000)).toBeDefined();
  });

  it('slicer and bandwidth still deliver', async () => {
    const w = await bed.world();
    const sliced = await w.injector.inject(faults.slicer, { stream: 'upstream', average_size: 4, size_variation: 2, delay: 1000 }, [0]);
    const first = w.client.send('sliced into four-byte segments');
    expect(await waitForOk(w.recorder, first, 5000)).toBeDefined();
    await w.injector.heal(sliced);
    const throttled = await w.injector.inject(faults.bandwidth, { stream: 'downstream', rate: 1 }, [0]);
    const second = w.client.send('through one kilobyte per second');
    expect(await waitForOk(w.recorder, second, 5000)).toBeDefined();
    await w.injector.heal(throttled);
    expect(await storedMsgs(w.target)).toEqual([first, second]);
  });

  it('slow-close: the close of a dead server reaches the client only after the delay', async () => {
    // Socket.IO's own long heartbeat, so that only the TCP close can tell the client.
    const w = await bed.world({ target: { pingIntervalMs: 25_000, pingTimeoutMs: 20_000 } });
    const control = w.target.process;

    let crashedAt = Date.now();
    await control.crash();
    expect(await w.client.waitDisconnected(3000)).toBe(true);
    const plain = Date.now() - crashedAt;
    await control.restart();
    expect(await w.client.waitConnected(5000)).toBe(true);

    await w.injector.inject(faults['slow-close'], { stream: 'downstream', delay: 1200 }, [0]);
    crashedAt = Date.now();
    await control.crash();
    expect(await w.client.waitDisconnected(4000)).toBe(true);
    const slowed = Date.now() - crashedAt;
    expect(plain).toBeLessThan(500);
    expect(slowed).toBeGreaterThanOrEqual(1100);
    expect(eventsOf(w.recorder, 'disconnect').map((e) => e.reason)).toEqual(['transport close', 'transport close']);
  });
});
