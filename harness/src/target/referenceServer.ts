import path from 'node:path';
import createDebug from 'debug';
import { launchReferenceServer } from '../../../reference-server/src/launch.js';
import { SetupError } from '../errors/SetupError.js';
import { readSqliteRows } from '../stores/readSqlite.js';
import type { StoredRow, Target, TargetAddress, TargetProcess } from './Target.js';

const debug = createDebug('siochaos:target');

/** The query that reads the reference server's SQLite store. */
export const REFERENCE_STORE_QUERY =
  'SELECT id AS offset, client_offset AS msg, content FROM messages ORDER BY id';

/** Options of {@link referenceServerTarget}. */
export interface ReferenceServerOptions {
  /** A folder of this scenario's own: the SQLite file goes there. */
  dataDir: string;
  /** Planted bugs to switch on (the bug zoo), by name. */
  bugs?: string[];
  /** SQLite busy timeout of the server, in ms. */
  busyTimeoutMs?: number;
  /** Enable the failpoint admin endpoint (for crash-at-a-point faults). */
  failpoints?: boolean;
}

type Launched = Awaited<ReturnType<typeof launchReferenceServer>>;

/**
 * The reference server as a target: our own chat server, started as its own
 * process on a free loopback port with a fresh SQLite file.
 *
 * @example
 * const target = referenceServerTarget({ dataDir: '/tmp/scenario-1', bugs: ['no-unique'] });
 * const { port } = await target.start();
 */
export function referenceServerTarget(options: ReferenceServerOptions): Target & { readonly process: TargetProcess; adminPort(): number | undefined } {
  const db = path.join(options.dataDir, 'chat.sqlite');
  let server: Launched | undefined;
  let port = 0;
  let adminPort = 0;

  async function launch(): Promise<Launched> {
    try {
      const launched = await launchReferenceServer({
        port,
        db,
        bugs: options.bugs ?? [],
        busyTimeoutMs: options.busyTimeoutMs,
        adminPort: options.failpoints ? adminPort || true : undefined,
      });
      port = launched.port;
      adminPort = launched.adminPort ?? 0;
      debug('reference server pid %d on port %d', launched.pid, launched.port);
      return launched;
    } catch (err) {
      throw new SetupError(`the reference server did not start: ${(err as Error).message}`);
    }
  }

  const processControl: TargetProcess = {
    pid: () => (server && server.process.exitCode === null && server.process.signalCode === null ? server.pid : undefined),
    isRunning: () => processControl.pid() !== undefined,
    signal(signal) {
      if (processControl.isRunning()) server?.kill(signal);
    },
    async crash() {
      if (!server || !processControl.isRunning()) return;
      const exited = new Promise<void>((resolve) => server!.process.once('exit', () => resolve()));
      server.kill('SIGCONT');
      server.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (!server || !processControl.isRunning()) return;
      server.kill('SIGCONT');
      await server.stop();
    },
    async restart() {
      if (processControl.isRunning()) await processControl.terminate();
      server = await launch();
    },
  };

  return {
    name: 'reference-server',
    process: processControl,
    adminPort: () => (adminPort || undefined),
    async start(): Promise<TargetAddress> {
      server = await launch();
      return { host: server.host, port: server.port };
    },
    readStore(): Promise<StoredRow[]> {
      return readSqliteRows(db, REFERENCE_STORE_QUERY);
    },
    async stop() {
      if (server && processControl.isRunning()) {
        server.kill('SIGCONT');
        await server.stop();
      }
    },
  };
}
