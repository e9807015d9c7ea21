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
import { parseArgs } from './cli/parseArgs.js';
import { createLogger, errorMessage, nameLogLines } from './log.js';
import { startReferenceServer, type RunningServer } from './server.js';
import { StartupError } from './StartupError.js';

const log = createLogger('main');

/** Bound on a clean shutdown; past it the process exits 1. */
const SHUTDOWN_MS = 5000;

let server: RunningServer | undefined;

async function main(): Promise<void> {
  // Before the listening line: whoever reads it may signal us at once.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  try {
    const parsed = parseArgs(process.argv.slice(2));
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return;
    }
    const { config } = parsed;
    if (config.node !== null) nameLogLines(config.node);
    server = await startReferenceServer(config);
    const line = { event: 'listening', host: server.host, port: server.port, adminPort: server.adminPort, node: config.node };
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
