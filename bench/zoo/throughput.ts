/**
 * The harness's overhead: acknowledged messages per second with clients going
 * through Toxiproxy proxies (no toxics) versus straight to the server.
 */
import { readFileSync } from 'node:fs';
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
  /** The Toxiproxy server's PID, when it runs on this machine: its CPU time goes into {@link CpuSplit}. */
  toxiproxyPid?: number;
}

/**
 * Where the CPU went during the measured window, in cores (CPU seconds per
 * second), read from /proc: null where there is none (not Linux, or a
 * Toxiproxy not started here).
 */
export interface CpuSplit {
  /** This process: the clients and the history recorder. */
  harness: number;
  /** The reference server. */
  server: number | null;
  /** toxiproxy-server, also in direct windows (where it should be idle). */
  toxiproxy: number | null;
  /** The whole machine, anything included. */
  machine: number | null;
  /** Cores the machine has. */
  cores: number;
}

/** What one configuration achieved. */
export interface ThroughputFigures {
  clients: number;
  viaProxy: boolean;
  /** Acks received in the window. */
  acked: number;
  ackedPerSecond: number;
  /** The CPU the window took, per process. */
  cpu: CpuSplit;
}

/** Messages each client keeps queued, so that it always has the next one ready. */
const QUEUE_DEPTH = 4;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Linux's USER_HZ: the unit of the CPU times in /proc. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; null when unreadable. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds the whole machine has been busy (all but idle and iowait), from /proc/stat; null when unreadable. */
function machineBusySeconds(): number | null {
  try {
    const times = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (times.reduce((a, b) => a + b, 0) - times[3]! - times[4]!) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds used so far, per process: {@link CpuSplit} is the difference of two. */
interface CpuCounters {
  /** performance.now() when read. */
  at: number;
  harness: number;
  server: number | null;
  toxiproxy: number | null;
  machine: number | null;
}

function cpuCounters(serverPid: number | undefined, toxiproxyPid: number | undefined): CpuCounters {
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    harness: (own.user + own.system) / 1e6,
    server: processCpuSeconds(serverPid),
    toxiproxy: processCpuSeconds(toxiproxyPid),
    machine: machineBusySeconds(),
  };
}

function cpuSplit(from: CpuCounters, to: CpuCounters): CpuSplit {
  const seconds = (to.at - from.at) / 1000;
  const rate = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : (b - a) / seconds);
  return {
    harness: (to.harness - from.harness) / seconds,
    server: rate(from.server, to.server),
    toxiproxy: rate(from.toxiproxy, to.toxiproxy),
    machine: rate(from.machine, to.machine),
    cores: os.cpus().length,
  };
}

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
    await sleep(options.warmupMs);
    const serverPid = target.process.pid();
    const cpuFrom = cpuCounters(serverPid, options.toxiproxyPid);
    await sleep(options.durationMs);
    const cpu = cpuSplit(cpuFrom, cpuCounters(serverPid, options.toxiproxyPid));
    running = false;
    await feeding;
    const acked = recorder.events.filter((e) => e.type === 'ok' && e.t >= from && e.t < to).length;
    return { clients: options.clients, viaProxy: options.viaProxy, acked, ackedPerSecond: acked / (options.durationMs / 1000), cpu };
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
 * the median of each: on two cores one window varies by a fair margin. With
 * `toxiproxyPid`, every window's CPU split includes Toxiproxy's share.
 *
 * @example
 * const { directPerSecond, proxiedPerSecond } = await compareThroughput(toxiproxy.url, 10, 3000, 3, toxiproxy.pid);
 */
export async function compareThroughput(
  toxiproxyUrl: string,
  clients: number,
  windowMs: number,
  repeats: number,
  toxiproxyPid?: number,
): Promise<ThroughputComparison> {
  const samples: ThroughputFigures[] = [];
  for (let i = 0; i < repeats; i++) {
    for (const viaProxy of [false, true]) {
      samples.push(await measureThroughput({ toxiproxyUrl, clients, viaProxy, warmupMs: 500, durationMs: windowMs, toxiproxyPid }));
    }
  }
  const medianOf = (viaProxy: boolean): number => median(samples.filter((s) => s.viaProxy === viaProxy).map((s) => s.ackedPerSecond)) ?? 0;
  return { clients, directPerSecond: medianOf(false), proxiedPerSecond: medianOf(true), samples };
}
