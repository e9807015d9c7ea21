import createDebug from 'debug';
import { siochaosCommand } from '../commandHint.js';
import { SetupError } from '../errors/SetupError.js';
import { findOnPath } from '../util/findOnPath.js';
import { locateChromium, type ChromiumLocation } from './locateChromium.js';
import { runQuietly } from '../util/runQuietly.js';

const debug = createDebug('siochaos:provision');

/** Options of {@link ensureChromium}. */
export interface EnsureChromiumOptions {
  /** Install Debian's `chromium` with apt-get when none is found and this process is root (default true). */
  install?: boolean;
  /** Where to say what is happening (the install takes a minute). */
  progress?: (line: string) => void;
  /** The environment to look in (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Whether this process may install packages (default: it runs as root). */
  root?: boolean;
}

/**
 * The one line that says Chromium is missing and how to get it.
 *
 * @example
 * chromiumMissing(); // 'Chromium not found (SIOCHAOS_CHROMIUM, ...): install it ... then run npx siochaos setup'
 */
export function chromiumMissing(): string {
  return (
    'Chromium not found (looked at SIOCHAOS_CHROMIUM, chromium, chromium-browser and google-chrome on PATH, and Playwright\'s cache): ' +
    `install it (as root: apt-get install chromium; or npx playwright-core install chromium) or set SIOCHAOS_CHROMIUM to its path, then run ${siochaosCommand('setup')} again`
  );
}

/** Installs Debian's `chromium` with the apt-get found on PATH; throws a SetupError saying what failed. */
async function installWithAptGet(aptGet: string, env: NodeJS.ProcessEnv, progress: (line: string) => void): Promise<void> {
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  progress('Chromium not found: installing Debian\'s chromium with apt-get (apt-get update first; about a minute)');
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    debug('%s %s', aptGet, args.join(' '));
    const { code, tail } = await runQuietly(aptGet, args, aptEnv);
    if (code !== 0) throw new SetupError(`apt-get ${args.join(' ')} failed (exit ${code}: ${tail}): ${chromiumMissing()}`);
  }
}

/**
 * Makes sure Chromium is there: finds it ({@link locateChromium}), else, when
 * this process is root and apt-get is on PATH, installs Debian's `chromium`.
 *
 * @returns where it is.
 * @throws SetupError with one line saying how to get Chromium when there is none.
 * @example
 * const { path } = await ensureChromium({ progress: console.log });
 */
export async function ensureChromium(options: EnsureChromiumOptions = {}): Promise<ChromiumLocation> {
  const env = options.env ?? process.env;
  const found = locateChromium(env);
  if (found) return found;
  const aptGet = findOnPath(['apt-get'], [], env.PATH);
  const root = options.root ?? process.getuid?.() === 0;
  if (options.install === false || !root || !aptGet) throw new SetupError(chromiumMissing());
  await installWithAptGet(aptGet, env, options.progress ?? (() => {}));
  const installed = locateChromium(env);
  if (!installed) throw new SetupError(`apt-get installed chromium but it is not on PATH: ${chromiumMissing()}`);
  options.progress?.(`installed ${installed.path}`);
  return installed;
}
