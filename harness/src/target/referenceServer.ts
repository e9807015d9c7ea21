import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import createDebug from 'debug';
import { launchReferenceServer } from '../../../reference-server/src/launch.js';
import { SetupError } from '../errors/SetupError.js';
import { readSqliteRows } from '../stores/readSqlite.js';
import type { ProxyPool } from '../toxiproxy/ProxyPool.js';
import { DEFAULT_POSTGRES_URL, openProxiedPostgres, uniqueTableName, type ProxiedPostgres } from './postgresDatabase.js';
import { EXIT_STDERR_LINES, ExitMonitor } from './exitMonitor.js';
import { referenceFailpoints } from './referenceFailpoints.js';
import type { StoredRow, Target, TargetAddress, TargetDatabase, TargetFailpoints, TargetProcess } from './Target.js';

const debug = createDebug('siochaos:target');

/** The query that reads the reference server's SQLite store. */
export const REFERENCE_STORE_QUERY =
  'SELECT id AS offset, client_offset AS msg, content FROM messages ORDER BY id';

/**
 * Defaults of {@link ReferenceServerOptions}. The heartbeat is much shorter
 * than Socket.IO's 25 s + 20 s, so that a paused or blackholed server's
 * connections really expire within a scenario.
 *
 * @example
 * REFERENCE_TARGET_DEFAULTS.pingIntervalMs; // 1000
 */
export const REFERENCE_TARGET_DEFAULTS = {
  store: 'sqlite',
  busyTimeoutMs: 2000,
  queryTimeoutMs: 1000,
  pingIntervalMs: 1000,
  pingTimeoutMs: 1000,
  postgresUrl: DEFAULT_POSTGRES_URL,
} as const;

/**
 * Options of {@link referenceServerTarget}.
 *
 * @example
 * const options: ReferenceServerOptions = { dataDir, store: 'postgres', toxiproxyUrl, failpoints: true };
 */
export interface ReferenceServerOptions {
  /** A folder of this scenario's own: the SQLite file goes there. */
  dataDir: string;
  /** Planted bugs to switch on (the bug zoo), by name. */
  bugs?: string[];
  /** `sqlite` (a file in `dataDir`, the default) or `postgres` (a table of its own, behind a Toxiproxy proxy). */
  store?: 'sqlite' | 'postgres';
  /** SQLite busy timeout of the server, in ms (default 2000). */
  busyTimeoutMs?: number;
  /** Where the stderr of a server process that died on its own is kept (one file per process); nothing is kept without it. */
  logDir?: string;
  /** PostgreSQL query timeout of the server, in ms (default 1000). */
  queryTimeoutMs?: number;
  /** Enable the failpoint admin endpoint (for crash-at-a-point faults). */
  failpoints?: boolean;
  /** Engine.IO ping interval, in ms (default 1000). */
  pingIntervalMs?: number;
  /** Engine.IO ping timeout, in ms (default 1000). */
  pingTimeoutMs?: number;
  /** The Toxiproxy API the database proxy is made on; required with `store: 'postgres'`. */
  toxiproxyUrl?: string;
  /** The PostgreSQL database, reached directly (default `postgres://postgres@127.0.0.1:5432/test`). */
  postgresUrl?: string;
}

/**
 * The reference server target: a {@link Target} with process control, a known
 * database, and a few extras for tests.
 *
 * @example
 * expect(target.logTail()).toContain('SQLITE_BUSY');
 */
export interface ReferenceServerTarget extends Target {
  readonly process: TargetProcess;
  readonly database: TargetDatabase;
  /** The admin endpoint's port, when failpoints are on and the server has started. */
  adminPort(): number | undefined;
  /** The last lines the current (or last) server process wrote to stderr. */
  logTail(): string;
}

type Launched = Awaited<ReturnType<typeof launchReferenceServer>>;

/**
 * The reference server as a target: our own chat server, started as its own
 * process on a free loopback port, with a fresh SQLite file or a fresh
 * PostgreSQL table reached through a Toxiproxy proxy of its own.
 *
 * @example
 * const target = referenceServerTarget({ dataDir: '/tmp/scenario-1', bugs: ['no-unique'] });
 * const { port } = await target.start();
 * @example
 * const target = referenceServerTarget({ dataDir, store: 'postgres', toxiproxyUrl: toxiproxy.url });
 */
export function referenceServerTarget(options: ReferenceServerOptions): ReferenceServerTarget {
  const settings = { ...REFERENCE_TARGET_DEFAULTS, ...definedOnly(options) };
  if (settings.store === 'postgres' && !settings.toxiproxyUrl) {
    throw new SetupError('the reference target with store postgres needs toxiproxyUrl: pass the Toxiproxy API URL its database proxy is made on');
  }
  const sqliteFile = path.join(options.dataDir, 'chat.sqlite');
  const table = settings.store === 'postgres' ? uniqueTableName() : 'messages';
  let postgres: ProxiedPostgres | undefined;
  let server: Launched | undefined;
  let port = 0;
  let adminPort = 0;
  const exits = new ExitMonitor();
  let launches = 0;

  async function launch(): Promise<Launched> {
    try {
      const launched = await launchReferenceServer({
        port,
        ...(postgres
          ? { store: postgres.serverUrl, table, queryTimeoutMs: settings.queryTimeoutMs }
          : { db: sqliteFile, busyTimeoutMs: settings.busyTimeoutMs }),
        bugs: options.bugs ?? [],
        adminPort: options.failpoints ? adminPort || true : undefined,
        pingIntervalMs: settings.pingIntervalMs,
        pingTimeoutMs: settings.pingTimeoutMs,
        // Out of the terminal's Ctrl-C, and killed with siochaos even while a pause fault holds it stopped.
        ownGroup: { deathSignal: 'KILL' },
      });
      port = launched.port;
      adminPort = launched.adminPort ?? 0;
      debug('reference server pid %d on port %d', launched.pid, launched.port);
      const exited = exits.started();
      const launch = ++launches;
      void launched.settled().then(({ code, signal }) => {
        if (exited({ code, signal, stderr: launched.stderrTail(EXIT_STDERR_LINES) })) {
          keepCrashOutput(options, launch, launched.stderrTail(), signal ?? `code ${code}`);
        }
      });
      return launched;
    } catch (err) {
      throw new SetupError(`the reference server did not start: ${(err as Error).message}`);
    }
  }

  const processControl: TargetProcess = {
    pid: () => (server?.running() ? server.pid : undefined),
    isRunning: () => processControl.pid() !== undefined,
    signal(signal) {
      if (processControl.isRunning()) server?.kill(signal);
    },
    async crash() {
      if (!server || !processControl.isRunning()) return;
      const exited = server.exited;
      exits.expect();
      server.kill('SIGCONT');
      server.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (!server || !processControl.isRunning()) return;
      exits.expect();
      server.kill('SIGCONT');
      await server.stop();
    },
    async restart() {
      if (processControl.isRunning()) await processControl.terminate();
      server = await launch();
    },
    expectExit: (expected) => exits.expect(expected),
    onUnexpectedExit: (listener) => exits.listen(listener),
  };

  const database: TargetDatabase =
    settings.store === 'postgres'
      ? {
          kind: 'postgres',
          url: settings.postgresUrl,
          table,
          queryTimeoutMs: settings.queryTimeoutMs,
          proxy(): ProxyPool {
            if (!postgres) throw new Error('the reference target has not started: its database proxy exists only after start()');
            return postgres.proxy;
          },
        }
      : { kind: 'sqlite', file: sqliteFile, busyTimeoutMs: settings.busyTimeoutMs };

  const failpoints: TargetFailpoints | undefined = options.failpoints
    ? referenceFailpoints({ adminPort: () => adminPort || undefined, isRunning: processControl.isRunning })
    : undefined;

  return {
    name: 'reference-server',
    process: processControl,
    promises: { store: true, process: true },
    database,
    ...(failpoints ? { failpoints } : {}),
    adminPort: () => adminPort || undefined,
    logTail: () => server?.stderrTail() ?? '',
    async start(): Promise<TargetAddress> {
      if (settings.store === 'postgres') {
        postgres = await openProxiedPostgres({ toxiproxyUrl: settings.toxiproxyUrl!, url: settings.postgresUrl, table });
      }
      server = await launch();
      return { host: server.host, port: server.port };
    },
    readStore(): Promise<StoredRow[]> {
      return postgres ? postgres.readRows() : readSqliteRows(sqliteFile, REFERENCE_STORE_QUERY);
    },
    async stop() {
      if (server && processControl.isRunning()) {
        exits.expect();
        server.kill('SIGCONT');
        await server.stop();
      }
      await postgres?.close();
    },
  };
}

/** Keeps the stderr of a server process that died on its own in `logDir`, as a command target's output is kept. */
function keepCrashOutput(options: ReferenceServerOptions, launch: number, stderr: string, how: string): void {
  if (!options.logDir) return;
  const file = path.join(options.logDir, `${path.basename(options.dataDir)}-process-${launch}.log`);
  try {
    mkdirSync(options.logDir, { recursive: true });
    writeFileSync(file, `${stderr}\n[siochaos] the process ended (${how}): siochaos did not stop it (target-crashed)\n`);
  } catch (err) {
    debug('cannot keep the output of the reference server in %s: %s', file, (err as Error).message);
  }
}

/** The options that were given (an explicit `undefined` does not override a default). */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
