/**
 * The harness's overhead: acknowledged messages per second with clients going
 * through Toxiproxy proxies (no toxics) versus straight to the server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChaosClient, HistoryRecorder, referenceServerTarget, strategyByName, tutorialProtocol } from '../../harness/src/index.js';
import { ProxyPool } from '../../harness/src/toxiproxy/ProxyPool.js';
import { median } from './stats.js';

/** How to measure one configuration. */
export interface ThroughputOptions {
  toxiproxyUrl: string;
  clients: number;
  /** Through one Toxiproxy proxy per client, or straight to the server. */
  viaProxy: boolean;
  /** Sending before the measured window, in ms. */
  warmupMs: number;
  /** The measured window, in ms. */
  durationMs: number;
}

/** What one configuration achieved. */
export interface ThroughputFigures {
  clients: number;
  viaProxy: boolean;
  /** Acks received in the window. */
  acked: number;
  ackedPerSecond: number;
}

/** Messages each client keeps queued, so that it always has the next one ready. */
const QUEUE_DEPTH = 4;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the correct reference server, connects `clients` clients with the
 * ordered strategy (one message in flight per client, as in every scenario),
 * keeps each one's queue full, and counts the acks in the window after the
 * warm-up.
 *
 * @example
 * const { ackedPerSecond } = await measureThroughput({ toxiproxyUrl, clients: 10, viaProxy: true, warmupMs: 500, durationMs: 3000 });
 */
export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputFigures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-throughput-'));
  const target = referenceServerTarget({ dataDir });
  const recorder = new HistoryRecorder();
  const clients: ChaosClient[] = [];
  let pool: ProxyPool | undefined;
  try {
    const address = await target.start();
    const upstream = `${address.host}:${address.port}`;
    if (options.viaProxy) pool = await ProxyPool.create(options.toxiproxyUrl, upstream, options.clients, 'throughput');
    const strategy = strategyByName('queued-retry');
    for (let i = 0; i < options.clients; i++) {
      const client = new ChaosClient({
        name: `c${i}`,
        url: `http://${pool ? pool.entries[i]!.listen : upstream}`,
        strategy: strategy({ ackTimeoutMs: 10_000, retries: Infinity }),
        protocol: tutorialProtocol,
        recorder,
      });
      client.connect();
      clients.push(client);
    }
    const connected = await Promise.all(clients.map((c) => c.waitConnected(10_000)));
    if (connected.includes(false)) throw new Error(`only ${connected.filter(Boolean).length} of ${options.clients} clients connected within 10 s`);

    const from = recorder.now() + options.warmupMs;
    const to = from + options.durationMs;
    let running = true;
    const feeding = (async () => {
      while (running) {
        for (const client of clients) while (client.pending < QUEUE_DEPTH) client.send('x');
        await sleep(1);
      }
    })();
    await sleep(options.warmupMs + options.durationMs);
    running = false;
    await feeding;
    const acked = recorder.events.filter((e) => e.type === 'ok' && e.t >= from && e.t < to).length;
    return { clients: options.clients, viaProxy: options.viaProxy, acked, ackedPerSecond: acked / (options.durationMs / 1000) };
  } finally {
    recorder.seal();
    for (const client of clients) client.close();
    await pool?.destroy();
    await target.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Direct and proxied throughput of one client count, over repeated windows. */
export interface ThroughputComparison {
  clients: number;
  /** Median of the direct windows, acks per second. */
  directPerSecond: number;
  /** Median of the proxied windows, acks per second. */
  proxiedPerSecond: number;
  /** Every window, in the order measured (direct and proxied alternate). */
  samples: ThroughputFigures[];
}

/**
 * Measures `clients` clients straight to the server and through Toxiproxy,
 * alternating, `repeats` times each (a fresh server every window), and keeps
 * the median of each: on two cores one window varies by a fair margin.
 *
 * @example
 * const { directPerSecond, proxiedPerSecond } = await compareThroughput(toxiproxyUrl, 10, 3000, 3);
 */
export async function compareThroughput(toxiproxyUrl: string, clients: number, windowMs: number, repeats: number): Promise<ThroughputComparison> {
  const samples: ThroughputFigures[] = [];
  for (let i = 0; i < repeats; i++) {
    for (const viaProxy of [false, true]) {
      samples.push(await measureThroughput({ toxiproxyUrl, clients, viaProxy, warmupMs: 500, durationMs: windowMs }));
    }
  }
  const medianOf = (viaProxy: boolean): number => median(samples.filter((s) => s.viaProxy === viaProxy).map((s) => s.ackedPerSecond)) ?? 0;
  return { clients, directPerSecond: medianOf(false), proxiedPerSecond: medianOf(true), samples };
}
