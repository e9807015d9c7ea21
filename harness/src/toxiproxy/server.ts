import createDebug from 'debug';
import { SetupError } from '../errors/SetupError.js';
import { freePort } from '../net/freePort.js';
import { waitFor } from '../net/waitFor.js';
import { startGroup } from '../process/processGroup.js';
import { stopProcess } from '../process/stopProcess.js';
import { toxiproxyLoggedError } from './loggedError.js';
import { parentDeathCommand } from './parentDeath.js';

const debug = createDebug('siochaos:toxiproxy');

/** A Toxiproxy server siochaos started, or one it was pointed at. */
export interface ToxiproxyServer {
  /** The API's base URL, e.g. `http://127.0.0.1:41327`. */
  readonly url: string;
  /** The PID of the server when siochaos started it; undefined when it was given. */
  readonly pid: number | undefined;
  /** Stops the server if siochaos started it; does nothing otherwise. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Asks a Toxiproxy API for its version.
 *
 * @returns the version string, or undefined when nothing answers.
 * @example
 * await toxiproxyVersion('http://127.0.0.1:8474'); // '2.12.0'
 */
export async function toxiproxyVersion(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/version`, { signal: AbortSignal.timeout(1000) });
    if (!response.ok) return undefined;
    const text = (await response.text()).trim();
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && 'version' in parsed) return String(parsed.version);
    } catch {
      // older servers answer with the bare version string
    }
    return text;
  } catch {
    return undefined;
  }
}

/**
 * The environment toxiproxy-server runs with: siochaos's own, plus
 *
 * - `LOG_LEVEL=warn`: at info it logs every connection and API call;
 * - `GOMAXPROCS=1`: it forwards each chunk through three goroutines (read,
 *   toxic chain, write), and with one P per core the hand-offs between them
 *   wake other OS threads; on a machine whose cores are busy with the target
 *   and the clients that about doubles its CPU time per forwarded chunk
 *   (measured with 100 clients on 2 cores), CPU the target and the clients
 *   then lack. One core forwards far more than a scenario sends.
 *
 * Either can be overridden by setting it.
 *
 * @example
 * toxiproxyEnv().GOMAXPROCS; // '1', unless GOMAXPROCS is set
 */
export function toxiproxyEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', GOMAXPROCS: process.env.GOMAXPROCS ?? '1' };
}

/**
 * Starts `toxiproxy-server` on a free loopback port and waits until its API
 * answers. It runs in its own process group (a Ctrl-C at the terminal reaches
 * siochaos, which stops it after the current step), with its output drained
 * and its last lines kept for error messages, and the environment of
 * {@link toxiproxyEnv}. On Linux it is spawned through
 * `setpriv --pdeathsig TERM`, so that it ends even when siochaos is SIGKILLed.
 *
 * @throws SetupError when it does not come up, with its last output.
 * @example
 * const server = await startToxiproxyServer('/usr/local/bin/toxiproxy-server');
 * // ... use server.url ...
 * await server.stop();
 */
export async function startToxiproxyServer(binary: string, readyTimeoutMs = 10_000): Promise<ToxiproxyServer> {
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const { command, guarded } = parentDeathCommand([binary, '-host', '127.0.0.1', '-port', String(port)]);
    const how = guarded ? 'through setpriv --pdeathsig TERM' : 'plainly (no setpriv --pdeathsig here: a SIGKILLed siochaos leaves it running)';
    debug('spawning toxiproxy-server %s', how);
    const server = startGroup(command, { cwd: process.cwd(), env: toxiproxyEnv() });
    let failure: string | undefined;
    server.onLine((line) => (failure ??= toxiproxyLoggedError(line)));
    const url = `http://127.0.0.1:${port}`;
    const version = await waitFor(async () => (!server.running() || failure ? null : await toxiproxyVersion(url)), readyTimeoutMs);
    if (version) {
      debug('started toxiproxy-server %s pid %d at %s', version, server.pid, url);
      let stopped: Promise<void> | undefined;
      return {
        url,
        pid: server.pid,
        stop: () => (stopped ??= stopProcess(server.child, 'SIGTERM', 3000)),
      };
    }
    lastError = failure ?? server.tail(2).split('\n').join(' | ');
    debug('toxiproxy-server attempt %d on port %d failed: %s', attempt, port, lastError || 'no output');
    if (server.running()) await stopProcess(server.child, 'SIGTERM', 1000);
  }
  throw new SetupError(`toxiproxy-server did not start (${lastError || 'no output'}): check the binary or set TOXIPROXY_URL`);
}
