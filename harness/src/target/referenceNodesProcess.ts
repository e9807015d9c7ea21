import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import createDebug from 'debug';
import { launchReferenceServer, type LaunchOptions } from '../../../reference-server/src/launch.js';
import { SetupError } from '../errors/SetupError.js';
import { EXIT_STDERR_LINES, ExitMonitor } from './exitMonitor.js';
import type { ProxyPool } from '../toxiproxy/ProxyPool.js';
import type { ProxiedPostgres } from './postgresDatabase.js';
import type { TargetAddress, TargetDatabase, TargetProcess } from './Target.js';

const debug = createDebug('siochaos:target');

/** The query that reads the reference server's SQLite store. */
export const REFERENCE_STORE_QUERY =
  'SELECT id AS offset, client_offset AS msg, content FROM messages ORDER BY id';

/**
 * The store of a reference target, for database faults: its PostgreSQL table
 * behind the target's proxies (`postgres()` gives them once started), or its SQLite file.
 *
 * @example
 * const database = referenceDatabase({ store: 'sqlite', file, busyTimeoutMs: 2000, url, table, queryTimeoutMs: 1000 }, () => undefined);
 */
export function referenceDatabase(
  settings: { store: 'sqlite' | 'postgres'; file: string; busyTimeoutMs: number; url: string; table: string; queryTimeoutMs: number },
  postgres: () => ProxiedPostgres | undefined,
): TargetDatabase {
  if (settings.store === 'sqlite') return { kind: 'sqlite', file: settings.file, busyTimeoutMs: settings.busyTimeoutMs };
  return {
    kind: 'postgres',
    url: settings.url,
    table: settings.table,
    queryTimeoutMs: settings.queryTimeoutMs,
    proxy(): ProxyPool {
      const started = postgres();
      if (!started) throw new Error('the reference target has not started: its database proxy exists only after start()');
      return started.proxy;
    },
  };
}

type Launched = Awaited<ReturnType<typeof launchReferenceServer>>;

/** What a reference server process is launched with, besides what {@link ReferenceProcess} decides (port, admin port, process group). */
export type ReferenceLaunch = Omit<LaunchOptions, 'port' | 'adminPort' | 'ownGroup'>;

/**
 * Options of {@link ReferenceProcess}.
 *
 * @example
 * const options: ReferenceProcessOptions = { launch: () => ({ db: file }), failpoints: true, dataDir };
 */
export interface ReferenceProcessOptions {
  /** The launch options of each start (called at every start and restart: URLs known only once the target starts). */
  launch: () => ReferenceLaunch;
  /** Enable the failpoint admin endpoint (its port kept across restarts). */
  failpoints?: boolean;
  /** The scenario's folder: crash output files are named after it. */
  dataDir: string;
  /** Where the stderr of a process that died on its own is kept (one file per process); nothing is kept without it. */
  logDir?: string;
  /**
   * The node's name, for one node of several: its exits say which node, its
   * crash output files carry it, and it is down (for {@link TargetProcess.isRunning})
   * from the moment siochaos starts to stop it, so that a load balancer
   * checking nodes never fails clients over to a node being stopped with the others.
   */
  node?: string;
}

/**
 * One reference server process, started on a free loopback port and
 * restarted on the same one, with its process control: the single-process
 * reference target is one, each node of a multi-node one is another.
 *
 * @example
 * const server = new ReferenceProcess({ launch: () => ({ db: file }), dataDir });
 * const { port } = await server.start();
 * await server.control.crash();
 * await server.control.restart();
 * await server.stop();
 */
export class ReferenceProcess {
  readonly control: TargetProcess;
  #server: Launched | undefined;
  #port = 0;
  #adminPort = 0;
  #launches = 0;
  /** Set while siochaos is stopping the process (nodes only: see {@link ReferenceProcessOptions.node}). */
  #stopping = false;
  readonly #exits = new ExitMonitor();

  constructor(private readonly options: ReferenceProcessOptions) {
    const running = (): boolean => this.#server?.running() === true && !(this.options.node !== undefined && this.#stopping);
    const control: TargetProcess = {
      pid: () => (running() ? this.#server!.pid : undefined),
      isRunning: () => running(),
      signal: (signal) => {
        if (running()) this.#server?.kill(signal);
      },
      crash: async () => {
        const server = this.#server;
        if (!server || !running()) return;
        this.#stopping = true;
        const exited = server.exited;
        this.#exits.expect();
        server.kill('SIGCONT');
        server.kill('SIGKILL');
        await exited;
      },
      terminate: async () => {
        const server = this.#server;
        if (!server || !running()) return;
        this.#stopping = true;
        this.#exits.expect();
        server.kill('SIGCONT');
        await server.stop();
      },
      restart: async () => {
        if (running()) await control.terminate();
        this.#server = await this.#launch();
      },
      expectExit: (expected) => this.#exits.expect(expected),
      onUnexpectedExit: (listener) => this.#exits.listen(listener),
    };
    this.control = control;
  }

  /** The admin endpoint's port, when failpoints are on and the process has started. */
  adminPort(): number | undefined {
    return this.#adminPort || undefined;
  }

  /** The last lines the current (or last) process wrote to stderr. */
  logTail(): string {
    return this.#server?.stderrTail() ?? '';
  }

  /**
   * Where it listens (the same port across restarts).
   *
   * @throws Error before the first start.
   */
  address(): TargetAddress {
    if (!this.#server) throw new Error(`the reference server${this.options.node ? ` node ${this.options.node}` : ''} has not started: its address exists only after start()`);
    return { host: this.#server.host, port: this.#port };
  }

  /**
   * Starts the process; resolves once it listens.
   *
   * @throws SetupError when it does not start.
   */
  async start(): Promise<TargetAddress> {
    this.#server = await this.#launch();
    return this.address();
  }

  /** Stops the process (SIGTERM, then SIGKILL), as an exit siochaos caused. Idempotent. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server?.running()) {
      this.#stopping = true;
      this.#exits.expect();
      server.kill('SIGCONT');
      await server.stop();
    }
  }

  async #launch(): Promise<Launched> {
    const { node } = this.options;
    try {
      const launched = await launchReferenceServer({
        ...this.options.launch(),
        port: this.#port,
        adminPort: this.options.failpoints ? this.#adminPort || true : undefined,
        // Out of the terminal's Ctrl-C, and killed with siochaos even while a pause fault holds it stopped.
        ownGroup: { deathSignal: 'KILL' },
      });
      this.#port = launched.port;
      this.#adminPort = launched.adminPort ?? 0;
      this.#stopping = false;
      debug('reference server%s pid %d on port %d', node ? ` node ${node}` : '', launched.pid, launched.port);
      const exited = this.#exits.started();
      const launch = ++this.#launches;
      void launched.settled().then(({ code, signal }) => {
        if (exited({ code, signal, stderr: launched.stderrTail(EXIT_STDERR_LINES), ...(node ? { node } : {}) })) {
          this.#keepCrashOutput(launch, launched.stderrTail(), signal ?? `code ${code}`);
        }
      });
      return launched;
    } catch (err) {
      throw new SetupError(`the reference server${node ? ` node ${node}` : ''} did not start: ${(err as Error).message}`);
    }
  }

  /** Keeps the stderr of a process that died on its own in `logDir`, as a command target's output is kept. */
  #keepCrashOutput(launch: number, stderr: string, how: string): void {
    const { logDir, dataDir, node } = this.options;
    if (!logDir) return;
    const file = path.join(logDir, `${path.basename(dataDir)}${node ? `-${node}` : ''}-process-${launch}.log`);
    try {
      mkdirSync(logDir, { recursive: true });
      writeFileSync(file, `${stderr}\n[siochaos] the process ended (${how}): siochaos did not stop it (target-crashed)\n`);
    } catch (err) {
      debug('cannot keep the output of the reference server in %s: %s', file, (err as Error).message);
    }
  }
}
