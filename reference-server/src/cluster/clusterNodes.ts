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
import { setupPrimary } from '@socket.io/cluster-adapter';
import type { ServerConfig } from '../config.js';
import { createLogger } from '../log.js';
import { StartupError } from '../StartupError.js';

const log = createLogger('cluster');

/** How a worker learns its index. */
const WORKER_INDEX_ENV = 'SIOCHAOS_WORKER_INDEX';

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
  /** SIGTERM to every worker, waits for their exits (SIGKILL after a while). */
  close(): Promise<void>;
}

/**
 * This worker's config: its node name (`n<index>`), its port and admin port
 * (`P + index` for a fixed one, 0 stays 0), and no stdin watch (the primary
 * has it).
 *
 * @example
 * if (cluster.isWorker) config = workerConfig(config);
 */
export function workerConfig(config: ServerConfig): ServerConfig {
  const index = Number(process.env[WORKER_INDEX_ENV] ?? '0');
  const shift = (port: number) => (port === 0 ? 0 : port + index);
  return {
    ...config,
    node: `n${index}`,
    port: shift(config.port),
    adminPort: config.adminPort === null ? null : shift(config.adminPort),
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

/**
 * Forks `config.workers` workers (this same program, this same command line)
 * and prints each one's listening line (`{"event":"listening",...,"node":"n1","pid":N}`)
 * as it comes. Rejects with a `StartupError` (and stops the others) when a
 * worker exits before it listens. A worker that dies later is logged, not
 * replaced: a node crash stays a node crash.
 *
 * @example
 * const primary = await startClusterPrimary(config);
 * await primary.close();
 */
export async function startClusterPrimary(config: ServerConfig): Promise<ClusterPrimary> {
  setupPrimary();
  const count = config.workers ?? 1;
  const workers: Worker[] = [];
  let listening = 0;
  let stopping = false;
  await new Promise<void>((resolve, reject) => {
    for (let index = 0; index < count; index++) {
      const node = `n${index}`;
      const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
      workers.push(worker);
      let up = false;
      worker.on('message', (message: Partial<WorkerListening>) => {
        if (message?.siochaos !== 'listening') return;
        up = true;
        const { host, port, adminPort } = message;
        process.stdout.write(`${JSON.stringify({ event: 'listening', host, port, adminPort, node, pid: worker.process.pid })}\n`);
        listening += 1;
        if (listening === count) resolve();
      });
      worker.on('exit', (code, signal) => {
        const how = signal ?? `code ${code}`;
        if (!up) reject(new StartupError(`worker ${node} exited (${how}) before it listened`));
        else if (stopping) log.debug('worker %s (pid %d) exited (%s)', node, worker.process.pid, how);
        else log.warn('worker %s (pid %d) exited (%s)', node, worker.process.pid, how);
      });
    }
  }).catch(async (err: unknown) => {
    stopping = true;
    await stopWorkers(workers);
    throw err;
  });
  log.debug('%d workers listening', count);
  return {
    close: () => {
      stopping = true;
      return stopWorkers(workers);
    },
  };
}

async function stopWorkers(workers: readonly Worker[]): Promise<void> {
  const running = workers.filter((worker) => worker.process.exitCode === null && worker.process.signalCode === null);
  const exited = running.map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
  for (const worker of running) worker.process.kill('SIGTERM');
  const done = await Promise.race([Promise.all(exited).then(() => true), delay(STOP_MS).then(() => false)]);
  if (!done) for (const worker of running) worker.process.kill('SIGKILL');
  await Promise.all(exited);
}
