import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import createDebug from 'debug';
import { SetupError } from '../errors/SetupError.js';
import { freePort } from '../net/freePort.js';
import { startProcess, waitUntilReady } from '../../../shared/process/startProcess.js';
import { redisPingFailure } from './redisClient.js';
import type { RedisServer } from './redisServer.js';

const debug = createDebug('siochaos:redis');

/** What redis-server prints once it accepts connections. */
const READY_LINE = /Ready to accept connections/;

/**
 * Starts `redis-server` on a free 127.0.0.1 port, with no persistence
 * (`--save "" --appendonly no`, its working folder a fresh temporary one,
 * removed when it stops), and waits until it answers a PING. Like
 * Toxiproxy's server it runs in a process group of its own (the terminal's
 * Ctrl-C does not reach it; siochaos stops it) and dies with siochaos
 * (`setpriv --pdeathsig` on Linux). A port taken meanwhile means another try
 * (three in all).
 *
 * @throws SetupError when it does not come up, with its last output.
 * @example
 * const redis = await startRedisServer('/usr/bin/redis-server');
 * // ... redis.url is redis://127.0.0.1:41327 ...
 * await redis.stop();
 */
export async function startRedisServer(binary: string, readyTimeoutMs = 10_000): Promise<RedisServer> {
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-redis-'));
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
    const server = startProcess([binary, ...args], { ownGroup: {} });
    const url = `redis://127.0.0.1:${port}`;
    const ready = await waitUntilReady(server, { line: (line) => (READY_LINE.test(line) ? true : undefined), timeoutMs: readyTimeoutMs });
    const failure = ready.ready ? await redisPingFailure(url) : ready.why === 'exited' ? 'it exited' : `not ready within ${readyTimeoutMs} ms`;
    if (failure === undefined) {
      debug('started redis-server pid %d at %s%s', server.pid, url, server.guarded ? '' : ' (no setpriv here: a SIGKILLed siochaos leaves it running)');
      let stopped: Promise<void> | undefined;
      const stop = async (): Promise<void> => {
        await server.stop(3000);
        await rm(dir, { recursive: true, force: true });
        debug('stopped redis-server pid %d', server.pid);
      };
      return { url, address: `127.0.0.1:${port}`, owned: true, pid: server.pid, stop: () => (stopped ??= stop()) };
    }
    lastError = `${failure}: ${server.tail(2).split('\n').join(' | ') || 'no output'}`;
    debug('redis-server attempt %d on port %d failed: %s', attempt, port, lastError);
    await server.stop(1000);
    await rm(dir, { recursive: true, force: true });
  }
  throw new SetupError(`redis-server did not start (${lastError}): check ${binary} or set REDIS_URL to a running Redis`);
}
