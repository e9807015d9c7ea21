/**
 * `--adapter cluster --workers N`: the reference server as a node:cluster
 * primary and N worker nodes, the tutorial's step 9 done right. Each worker is
 * a node (`n0`...) with a port of its own; the workers reach each other through
 * the primary (@socket.io/cluster-adapter's `setupPrimary`) and share the
 * store. The primary prints one listening line per worker, with its node and
 * pid, so that a harness can reach, crash or pause each node alone.
 */
import cluster, { type Worker } from 'node:cluster';
import { setTimeout as delay } from 'node:timers/promises';
import type { ServerConfig } from '../config.js';
import { createLogger } from '../log.js';
import { StartupError } from '../StartupError.js';

const log = createLogger('cluster');

/** How a worker learns its index. */
const WORKER_INDEX_ENV = 'SIOCHAOS_WORKER_INDEX';

/** How a worker forked again learns the port (and admin port) it had: it serves the same node on the same port. */
const WORKER_PORT_ENV = 'SIOCHAOS_WORKER_PORT';
const WORKER_ADMIN_PORT_ENV = 'SIOCHAOS_WORKER_ADMIN_PORT';

/** How long the primary waits for its workers to exit after SIGTERM before it kills them. */
const STOP_MS = 4000;

/** What a worker tells the primary once it listens. */
export interface WorkerListening {
  siochaos: 'listening';
  host: string;
  port: number;
  adminPort: number | null;
  node: string;
}

/** The primary, once every worker listens. */
export interface ClusterPrimary {
  /**
   * Forks again every worker that has exited (not while stopping), each on
   * the port and admin port it had; each prints its listening line again once
   * it listens. What SIGUSR2 to the primary does.
   */
  respawn(): void;
  /** SIGTERM to every worker, waits for their exits (SIGKILL after a while). */
  close(): Promise<void>;
}

/**
 * This worker's config: its node name (`n<index>`), its port and admin port
 * (the ones it had when forked again; else `--worker-ports`; else `P + index`
 * for a fixed one, 0 stays 0), and no stdin watch (the primary has it).
 *
 * @example
 * if (cluster.isWorker) config = workerConfig(config);
 */
export function workerConfig(config: ServerConfig): ServerConfig {
  const index = Number(process.env[WORKER_INDEX_ENV] ?? '0');
  const shift = (port: number) => (port === 0 ? 0 : port + index);
  const had = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const adminPort = config.adminPort === null ? null : (had(WORKER_ADMIN_PORT_ENV) ?? config.workerAdminPorts?.[index] ?? shift(config.adminPort));
  return {
    ...config,
    node: `n${index}`,
    port: had(WORKER_PORT_ENV) ?? config.workerPorts?.[index] ?? shift(config.port),
    adminPort,
    exitWithStdin: false,
  };
}

/**
 * Tells the primary that this worker listens.
 *
 * @example
 * reportListening({ siochaos: 'listening', host: '127.0.0.1', port: 40123, adminPort: null, node: 'n1' });
 */
export function reportListening(message: WorkerListening): void {
  process.send?.(message);
}

/** One worker slot: its node, its process now, and where it listened (kept for a fork again). */
interface Slot {
  index: number;
  node: string;
  worker: Worker;
  listened?: { port: number; adminPort: number | null };
}

/**
 * Forks `config.workers` workers (this same program, this same command line)
 * and prints each one's listening line (`{"event":"listening",...,"node":"n1","pid":N}`)
 * as it comes, then `{"event":"workers-listening","workers":N}` once all listen. Rejects with a `StartupError` (and stops the others) when a
 * worker exits before it listens. A worker that dies later is not replaced
 * by itself: a node crash stays a node crash. The primary prints
 * `{"event":"worker-exit","node":"n1","pid":N,"code":null,"signal":"SIGKILL"}`
 * and forks it again, on the same ports, only when asked ({@link ClusterPrimary.respawn}, SIGUSR2).
 *
 * @example
 * const primary = await startClusterPrimary(config);
 * process.on('SIGUSR2', () => primary.respawn());
 * await primary.close();
 */
export async function startClusterPrimary(config: ServerConfig): Promise<ClusterPrimary> {
  // Loaded here, not at the top: main.ts imports this file in every server.
  const { setupPrimary } = await import('@socket.io/cluster-adapter');
  setupPrimary();
  const count = config.workers ?? 1;
  const slots: Slot[] = [];
  let listening = 0;
  let stopping = false;
  let started = false;

  const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const fork = (slot: Omit<Slot, 'worker'>, onFirstListen: () => void, onEarlyExit: (why: string) => void): Slot => {
    const env: Record<string, string> = { [WORKER_INDEX_ENV]: String(slot.index) };
    if (slot.listened) {
      env[WORKER_PORT_ENV] = String(slot.listened.port);
      if (slot.listened.adminPort !== null) env[WORKER_ADMIN_PORT_ENV] = String(slot.listened.adminPort);
    }
    const worker = cluster.fork(env);
    const current: Slot = { ...slot, worker };
    let up = false;
    worker.on('message', (message: Partial<WorkerListening>) => {
      if (message?.siochaos !== 'listening') return;
      up = true;
      const { host, port, adminPort } = message;
      current.listened = { port: port!, adminPort: adminPort ?? null };
      print({ event: 'listening', host, port, adminPort, node: slot.node, pid: worker.process.pid });
      onFirstListen();
    });
    worker.on('exit', (code, signal) => {
      const how = signal ?? `code ${code}`;
      if (!up) return onEarlyExit(`worker ${slot.node} exited (${how}) before it listened`);
      print({ event: 'worker-exit', node: slot.node, pid: worker.process.pid, code: signal ? null : code, signal: signal ?? null });
      if (stopping) log.debug('worker %s (pid %d) exited (%s)', slot.node, worker.process.pid, how);
      else log.warn('worker %s (pid %d) exited (%s)', slot.node, worker.process.pid, how);
    });
    return current;
  };

  await new Promise<void>((resolve, reject) => {
    for (let index = 0; index < count; index++) {
      slots[index] = fork(
        { index, node: `n${index}` },
        () => {
          listening += 1;
          if (listening === count) resolve();
        },
        (why) => reject(new StartupError(why)),
      );
    }
  }).catch(async (err: unknown) => {
    stopping = true;
    await stopWorkers(slots.map((slot) => slot.worker));
    throw err;
  });
  started = true;
  // After every worker's own line: whoever waits for this one has them all.
  print({ event: 'workers-listening', workers: count });
  log.debug('%d workers listening', count);
  return {
    respawn: () => {
      if (stopping || !started) return;
      for (const slot of slots) {
        if (!exited(slot.worker)) continue;
        log.warn('forking worker %s again on port %d', slot.node, slot.listened?.port ?? 0);
        slots[slot.index] = fork(slot, () => undefined, (why) => log.warn('%s', why));
      }
    },
    close: () => {
      stopping = true;
      return stopWorkers(slots.map((slot) => slot.worker));
    },
  };
}

function exited(worker: Worker): boolean {
  return worker.process.exitCode !== null || worker.process.signalCode !== null;
}

async function stopWorkers(workers: readonly Worker[]): Promise<void> {
  const running = workers.filter((worker) => !exited(worker));
  const exits = running.map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
  for (const worker of running) worker.process.kill('SIGTERM');
  const done = await Promise.race([Promise.all(exits).then(() => true), delay(STOP_MS).then(() => false)]);
  if (!done) for (const worker of running) worker.process.kill('SIGKILL');
  await Promise.all(exits);
}
