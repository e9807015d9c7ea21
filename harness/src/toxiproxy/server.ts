import createDebug from 'debug';
import { SetupError } from '../errors/SetupError.js';
import { freePort } from '../net/freePort.js';
import { startProcess, waitUntilReady } from '../../../shared/process/startProcess.js';
import { toxiproxyEnv } from './env.js';
import { toxiproxyLoggedError } from './loggedError.js';

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
 * Starts `toxiproxy-server` on a free loopback port and waits until its API
 * answers, with the environment of {@link toxiproxyEnv}, its output (its log
 * on stdout, Go's panics on stderr) drained and its last lines kept for error
 * messages. It runs in a process group of its own, so that the terminal's
 * Ctrl-C does not reach it (siochaos stops it itself), and on Linux it is
 * spawned through `setpriv --pdeathsig TERM`, so that it ends even when
 * siochaos is SIGKILLed (see shared/process/ownGroup.ts).
 *
 * It stays in siochaos's session: in one of its own (Linux gives each session
 * its own scheduling group) the bench's proxied clients got up to a third
 * fewer acks per second when the cores were busy (10 and 100 clients, 2 cores).
 *
 * @throws SetupError when it does not come up, with the error it logged or its last output.
 * @example
 * const server = await startToxiproxyServer('/usr/local/bin/toxiproxy-server');
 * // ... use server.url ...
 * await server.stop();
 */
export async function startToxiproxyServer(binary: string, readyTimeoutMs = 10_000): Promise<ToxiproxyServer> {
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const server = startProcess([binary, '-host', '127.0.0.1', '-port', String(port)], { env: toxiproxyEnv(), ownGroup: {} });
    const how = server.guarded ? 'through setpriv --pdeathsig TERM' : 'plainly (no setpriv --pdeathsig here: a SIGKILLed siochaos leaves it running)';
    debug('spawning toxiproxy-server %s in a process group of its own%s', how, server.ownSession ? ' and session' : '');
    let failure: string | undefined;
    server.onLine((line) => (failure ??= toxiproxyLoggedError(line)));
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitUntilReady(server, { poll: async () => (failure ? null : await toxiproxyVersion(url)), timeoutMs: readyTimeoutMs });
    if (ready.ready && ready.value !== null) {
      debug('started toxiproxy-server %s pid %d at %s', ready.value, server.pid, url);
      let stopped: Promise<void> | undefined;
      return { url, pid: server.pid, stop: () => (stopped ??= server.stop(3000)) };
    }
    lastError = failure ?? server.tail(2).split('\n').join(' | ');
    debug('toxiproxy-server attempt %d on port %d failed: %s', attempt, port, lastError || 'no output');
    await server.stop(1000);
  }
  throw new SetupError(`toxiproxy-server did not start (${lastError || 'no output'}): check the binary or set TOXIPROXY_URL`);
}
