import { spawn, type ChildProcess } from 'node:child_process';
import createDebug from 'debug';
import { SetupError } from '../errors/SetupError.js';
import { freePort } from '../net/freePort.js';
import { waitFor } from '../net/waitFor.js';
import { stopProcess } from '../process/stopProcess.js';

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
 * Starts `toxiproxy-server` on a free loopback port and waits until its API answers.
 *
 * @throws SetupError when it does not come up.
 * @example
 * const server = await startToxiproxyServer('/usr/local/bin/toxiproxy-server');
 * // ... use server.url ...
 * await server.stop();
 */
export async function startToxiproxyServer(binary: string, readyTimeoutMs = 10_000): Promise<ToxiproxyServer> {
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(binary, ['-host', '127.0.0.1', '-port', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    });
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString());
      if (stderr.length > 50) stderr.shift();
    });
    let exited = false;
    child.on('exit', () => (exited = true));
    child.on('error', (err) => {
      exited = true;
      stderr.push(err.message);
    });
    const url = `http://127.0.0.1:${port}`;
    const version = await waitFor(async () => (exited ? null : await toxiproxyVersion(url)), readyTimeoutMs);
    if (version) {
      debug('started toxiproxy-server %s pid %d at %s', version, child.pid, url);
      let stopped: Promise<void> | undefined;
      return {
        url,
        pid: child.pid,
        stop: () => (stopped ??= stopProcess(child, 'SIGTERM', 3000)),
      };
    }
    lastError = stderr.join('').trim().split('\n').slice(-2).join(' | ');
    await stopProcess(child, 'SIGTERM', 1000);
  }
  throw new SetupError(`toxiproxy-server did not start (${lastError || 'no output'}): check the binary or set TOXIPROXY_URL`);
}
