import createDebug from 'debug';
import { SetupError } from '../errors/SetupError.js';
import { findOnPath } from '../util/findOnPath.js';
import { runQuietly } from '../util/runQuietly.js';

const debug = createDebug('siochaos:provision');

/** What {@link aptGetInstall} installs, and what it may do. */
export interface AptGetInstallOptions {
  /** The Debian package, e.g. `chromium` or `redis-server`. */
  package: string;
  /** What is missing, as the progress line names it, e.g. `Chromium`. */
  what: string;
  /** How long it takes, as the progress line says, e.g. `about a minute`. */
  takes: string;
  /** The one line that says it is missing and how to get it: the SetupError's message when it cannot be installed. */
  missing: string;
  /** Install at all (default true). */
  install?: boolean;
  /** The environment (default `process.env`): apt-get is looked for on its PATH. */
  env?: NodeJS.ProcessEnv;
  /** Whether this process may install packages (default: it runs as root). */
  root?: boolean;
  progress?: (line: string) => void;
}

/**
 * Installs a Debian package with the apt-get found on PATH (`apt-get update`
 * first, non-interactive), when allowed, root, and apt-get is there.
 *
 * @throws SetupError with `missing` when it may not or cannot, or saying which apt-get step failed.
 * @example
 * await aptGetInstall({ package: 'redis-server', what: 'redis-server', takes: 'about 20 s', missing: redisServerMissing() });
 */
export async function aptGetInstall(options: AptGetInstallOptions): Promise<void> {
  const env = options.env ?? process.env;
  const aptGet = findOnPath(['apt-get'], [], env.PATH);
  const root = options.root ?? process.getuid?.() === 0;
  if (options.install === false || !root || !aptGet) throw new SetupError(options.missing);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  options.progress?.(`${options.what} not found: installing Debian's ${options.package} with apt-get (apt-get update first; ${options.takes})`);
  for (const args of [['update'], ['install', '-y', options.package]]) {
    debug('%s %s', aptGet, args.join(' '));
    const { code, tail } = await runQuietly(aptGet, args, aptEnv);
    if (code !== 0) throw new SetupError(`apt-get ${args.join(' ')} failed (exit ${code}: ${tail}): ${options.missing}`);
  }
}
