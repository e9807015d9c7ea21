import { siochaosCommand } from '../commandHint.js';
import { SetupError } from '../errors/SetupError.js';
import { aptGetInstall } from './aptGetInstall.js';
import { locateChromium, type ChromiumLocation } from './locateChromium.js';

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
  await aptGetInstall({ ...options, env, package: 'chromium', what: 'Chromium', takes: 'about a minute', missing: chromiumMissing() });
  const installed = locateChromium(env);
  if (!installed) throw new SetupError(`apt-get installed chromium but it is not on PATH: ${chromiumMissing()}`);
  options.progress?.(`installed ${installed.path}`);
  return installed;
}
