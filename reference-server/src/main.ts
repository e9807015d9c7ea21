/**
 * The reference server's entry: parse the command line, start the server,
 * print the one `listening` line to stdout, and shut down cleanly on SIGTERM,
 * SIGINT or (with `--exit-with-stdin`) stdin's EOF. Startup errors print one
 * line to stderr and exit 2.
 *
 * @example
 * // node --import tsx reference-server/src/main.ts --port 0 --db /tmp/chat.sqlite --admin-port 0
 * // stdout: {"event":"listening","host":"127.0.0.1","port":40123,"adminPort":40124}
 */
import cluster from 'node:cluster';
import { parseArgs } from './cli/parseArgs.js';
import { reportListening, startClusterPrimary, workerConfig } from './cluster/clusterNodes.js';
import { legacyEagerImports } from './legacyEagerImports.js';
import { createLogger, errorMessage, nameLogLines } from './log.js';
import { startReferenceServer } from './server.js';
import { StartupError } from './StartupError.js';

const log = createLogger('main');

/** Bound on a clean shutdown; past it the process exits 1. */
const SHUTDOWN_MS = 5000;

/** The server, or with --adapter cluster in the primary, its workers. */
let server: { close(): Promise<void> } | undefined;

/** With --adapter cluster, in the primary once its workers listen: forks the dead ones again (SIGUSR2). */
let respawn = (): void => undefined;

async function main(): Promise<void> {
  // Before the listening line: whoever reads it may signal us at once.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // --adapter cluster: a node restart forks every dead worker again on its port (a dead one otherwise stays dead).
  process.on('SIGUSR2', () => respawn());
  try {
    const parsed = parseArgs(process.argv.slice(2));
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return;
    }
    if (parsed.config.workers !== null && cluster.isPrimary) {
      // --adapter cluster: this process forks the nodes and prints their lines.
      const primary = await startClusterPrimary(parsed.config);
      server = primary;
      respawn = () => primary.respawn();
      if (parsed.config.exitWithStdin) exitOnStdinEof();
      return;
    }
    await legacyEagerImports();
    const config = cluster.isWorker ? workerConfig(parsed.config) : parsed.config;
    if (config.node !== null) nameLogLines(config.node);
    const running = await startReferenceServer(config);
    server = running;
    if (cluster.isWorker) {
      reportListening({ siochaos: 'listening', host: running.host, port: running.port, adminPort: running.adminPort, node: config.node ?? '' });
      return;
    }
    const line = { event: 'listening', host: running.host, port: running.port, adminPort: running.adminPort, node: config.node };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (config.exitWithStdin) exitOnStdinEof();
  } catch (err) {
    const message = err instanceof StartupError ? err.message : `unexpected startup failure: ${errorMessage(err)}`;
    process.stderr.write(`reference-server${nodeSuffix()}: ${message}\n`);
    process.exit(2);
  }
}

function exitOnStdinEof(): void {
  process.stdin.on('end', () => void shutdown('stdin EOF'));
  process.stdin.on('error', (err) => {
    log.warn('stdin failed: %s', err.message);
    void shutdown('stdin error');
  });
  process.stdin.resume();
}

/** ` n1` when the command line named the node, for the lines main writes itself. */
function nodeSuffix(): string {
  if (cluster.isWorker) return ` n${process.env.SIOCHAOS_WORKER_INDEX ?? ''}`;
  const at = process.argv.indexOf('--node');
  return at > 0 && process.argv[at + 1] ? ` ${process.argv[at + 1]}` : '';
}

let shuttingDown = false;

/** Closes the server (if it got as far as starting) and exits 0. */
async function shutdown(why: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  if (!server) process.exit(0);
  log.debug('%s: shutting down', why);
  setTimeout(() => {
    process.stderr.write(`reference-server: shutdown after ${why} took longer than ${SHUTDOWN_MS} ms, exiting anyway\n`);
    process.exit(1);
  }, SHUTDOWN_MS).unref();
  try {
    await server.close();
  } catch (err) {
    process.stderr.write(`reference-server: shutdown failed: ${errorMessage(err)}\n`);
    process.exit(1);
  }
  process.exit(0);
}

await main();
