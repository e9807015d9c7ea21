import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkReceive } from '../../src/checkers/receive.js';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { strategies } from '../../src/clients/strategies/registry.js';
import type { ReceiveBufferDroppedEvent } from '../../src/history/events.js';
import { harnessEventText } from '../../src/history/harnessEventText.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { sleep, waitFor } from '../../src/net/waitFor.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { referenceServerTarget, type ReferenceServerTarget } from '../../src/target/referenceServer.js';

/** The start of the WebSocket text frame of a Socket.IO CONNECT ack (`40{"sid":…`), as the server sends it, unmasked. */
const CONNECT_ACK = Buffer.from('40{"sid"');

/**
 * A TCP proxy in front of the server that can be down (it resets every
 * connection) and can cut the next connection just before the server's
 * CONNECT ack: everything the server sent before it (the missed packets of a
 * recovered session) reaches the client, the ack never does.
 */
class CuttingProxy {
  private readonly server = net.createServer((client) => this.accept(client));
  private readonly open = new Set<net.Socket>();
  private down = false;
  private cutNext = false;
  /** Connections cut before their CONNECT ack. */
  cuts = 0;

  constructor(private readonly upstreamPort: number) {}

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port)));
  }

  /** Resets every open connection and every new one until {@link up}. */
  goDown(): void {
    this.down = true;
    for (const socket of this.open) socket.resetAndDestroy();
  }

  /** Forwards again; with `cutNext`, the next connection is cut before its CONNECT ack. */
  up(options: { cutNext: boolean }): void {
    this.cutNext = options.cutNext;
    this.down = false;
  }

  close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.upstreamPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.open.add(socket);
      socket.on('close', () => this.open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    const cut = this.cutNext;
    this.cutNext = false;
    if (!cut) {
      upstream.pipe(client);
      return;
    }
    let handshakeDone = false;
    upstream.on('data', (chunk: Buffer) => {
      // Frames (unmasked text, from the server) start after the HTTP upgrade response.
      let from = 0;
      if (!handshakeDone) {
        const end = chunk.indexOf('\r\n\r\n');
        handshakeDone = end >= 0;
        from = handshakeDone ? end + 4 : chunk.length;
      }
      const at = chunk.indexOf(CONNECT_ACK, from);
      if (at < 0) {
        client.write(chunk);
        return;
      }
      // Two bytes of frame header (opcode, length < 126) come before the payload.
      this.cuts++;
      upstream.destroy();
      client.end(chunk.subarray(0, at - 2));
    });
  }
}

describe('ChaosClient across a reconnection cut before the CONNECT ack', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it('delivers a recovered session’s missed message once, though socket.io-client buffered it on the attempt that was cut', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-stale-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const target: ReferenceServerTarget = referenceServerTarget({ dataDir });
    const { port } = await target.start();
    cleanups.push(() => target.stop());
    const proxy = new CuttingProxy(port);
    const proxyPort = await proxy.listen();
    cleanups.push(() => proxy.close());

    const recorder = new HistoryRecorder();
    const strategy = () => strategies['queued-retry']({ ackTimeoutMs: 1000, retries: Infinity });
    const common = { protocol: tutorialProtocol, recorder, transport: 'websocket' as const, reconnectDelayMs: [50, 50] as [number, number] };
    const reader = new ChaosClient({ ...common, strategy: strategy(), name: 'c0', url: `http://127.0.0.1:${proxyPort}` });
    const writer = new ChaosClient({ ...common, strategy: strategy(), name: 'c1', url: `http://127.0.0.1:${port}` });
    cleanups.push(async () => {
      reader.close();
      writer.close();
    });
    reader.connect();
    writer.connect();
    expect(await reader.waitConnected(5000)).toBe(true);
    expect(await writer.waitConnected(5000)).toBe(true);

    // c0 gets row 1 live, so it has a recovery offset.
    writer.send('one');
    expect(await reader.waitForOffset(1, 5000)).toBe(true);

    // c0's connection drops; the server keeps its session. Row 2 is broadcast while c0 is away.
    proxy.goDown();
    expect(await reader.waitDisconnected(5000)).toBe(true);
    writer.send('two');
    expect(await writer.waitForOffset(2, 5000)).toBe(true);

    // c0 reconnects: the server recovers the session and sends row 2, then the CONNECT ack, which is cut.
    // c0 reconnects again with the same session and offset: the server sends row 2 again.
    proxy.up({ cutNext: true });
    expect(await waitFor(() => (proxy.cuts === 1 && reader.stats.connects === 2 ? true : undefined), 5000, 20)).toBe(true);
    await sleep(200);

    const receives = recorder.events.filter((e) => e.type === 'receive' && e.client === 'c0').map((e) => (e.type === 'receive' ? e.offset : -1));
    expect(receives).toEqual([1, 2]);
    expect(checkReceive(buildView(recorder.events)).anomalies).toEqual([]);
    const connects = recorder.events.filter((e) => e.type === 'connect' && e.client === 'c0').map((e) => (e.type === 'connect' ? e.recovered : undefined));
    expect(connects).toEqual([false, true]);
    const dropped = recorder.events.filter((e): e is ReceiveBufferDroppedEvent => e.type === 'receive-buffer-dropped');
    expect(dropped.map(harnessEventText)).toEqual([
      'c0: 1 packets received before a CONNECT ack that never came, dropped (the next connection brings them again)',
    ]);
  });
});
