import createDebug from 'debug';
import { siochaosCommand } from '../commandHint.js';
import { SetupError } from '../errors/SetupError.js';
import { buildToxiproxy } from './build.js';
import { locateToxiproxy } from './locate.js';
import { startToxiproxyServer, toxiproxyVersion, type ToxiproxyServer } from './server.js';

const debug = createDebug('siochaos:toxiproxy');

/** Options of {@link provideToxiproxy}. */
export interface ProvideToxiproxyOptions {
  /** A running Toxiproxy to use instead of starting one; defaults to `TOXIPROXY_URL`. */
  url?: string;
  /** Build the pinned release with Go when no binary is found (default true). */
  build?: boolean;
  /** Where to say what is happening (building takes a while). */
  progress?: (line: string) => void;
}

/**
 * Makes sure the binary exists: finds it, or builds it when allowed.
 *
 * @throws SetupError saying how to fix it when there is none.
 * @example
 * const binary = await ensureToxiproxyBinary({ build: true });
 */
export async function ensureToxiproxyBinary(options: ProvideToxiproxyOptions = {}): Promise<string> {
  const found = locateToxiproxy();
  if (found) return found;
  if (options.build === false) {
    throw new SetupError(`toxiproxy-server not found: run \`${siochaosCommand('setup')}\` or set TOXIPROXY_URL`);
  }
  return buildToxiproxy(options.progress);
}

/**
 * Gives a Toxiproxy server to use: the one at `TOXIPROXY_URL` when set (it
 * must answer), else one started here on a free loopback port from the binary
 * on PATH or in the tools folder, built with Go if missing.
 *
 * @throws SetupError when Toxiproxy can be neither found, built nor reached.
 * @example
 * const toxiproxy = await provideToxiproxy();
 * try { ... } finally { await toxiproxy.stop(); }
 */
export async function provideToxiproxy(options: ProvideToxiproxyOptions = {}): Promise<ToxiproxyServer> {
  const url = options.url ?? process.env.TOXIPROXY_URL;
  if (url) {
    const base = url.replace(/\/+$/, '');
    const version = await toxiproxyVersion(base);
    if (!version) {
      throw new SetupError(`TOXIPROXY_URL=${url} does not answer: start Toxiproxy there or unset TOXIPROXY_URL`);
    }
    debug('using toxiproxy %s at %s', version, base);
    return { url: base, pid: undefined, stop: async () => {} };
  }
  const binary = await ensureToxiproxyBinary(options);
  return startToxiproxyServer(binary);
}
