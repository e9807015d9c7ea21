import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SetupError } from '../errors/SetupError.js';
import { findOnPath, isExecutable } from '../util/findOnPath.js';

/** The commands looked for on PATH, in order. */
export const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome'] as const;

/** Where the executable sits inside a Playwright cache folder `chromium-<revision>` (Linux, then macOS). */
const PLAYWRIGHT_EXECUTABLES = [
  'chrome-linux64/chrome',
  'chrome-linux/chrome',
  'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
  'chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium',
];

/** A Chromium found, and where it was found. */
export interface ChromiumLocation {
  path: string;
  from: 'SIOCHAOS_CHROMIUM' | 'PATH' | 'Playwright cache';
}

/**
 * Playwright's browser cache folder: `PLAYWRIGHT_BROWSERS_PATH`, else
 * `~/.cache/ms-playwright` (`~/Library/Caches/ms-playwright` on macOS).
 *
 * @example
 * playwrightCacheDir({ HOME: '/root' }); // '/root/.cache/ms-playwright' on Linux
 */
export function playwrightCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PLAYWRIGHT_BROWSERS_PATH && env.PLAYWRIGHT_BROWSERS_PATH !== '0') return env.PLAYWRIGHT_BROWSERS_PATH;
  const home = env.HOME ?? os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'ms-playwright');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'ms-playwright');
}

/** The newest Chromium in Playwright's cache (`npx playwright install chromium` puts it there). */
function fromPlaywrightCache(env: NodeJS.ProcessEnv): string | undefined {
  const dir = playwrightCacheDir(env);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return undefined;
  }
  const revisions = entries
    .map((name) => /^chromium-(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  for (const [folder] of revisions) {
    const found = PLAYWRIGHT_EXECUTABLES.map((rel) => path.join(dir, folder, rel)).find(isExecutable);
    if (found) return found;
  }
  return undefined;
}

/**
 * Finds Chromium: `SIOCHAOS_CHROMIUM` when set (it must be executable), then
 * `chromium`, `chromium-browser`, `google-chrome` on PATH, then the newest in
 * Playwright's browser cache.
 *
 * @returns where it is, or undefined when there is none.
 * @throws SetupError when `SIOCHAOS_CHROMIUM` names a file that cannot be run.
 * @example
 * locateChromium(); // { path: '/usr/bin/chromium', from: 'PATH' }
 */
export function locateChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLocation | undefined {
  const given = env.SIOCHAOS_CHROMIUM;
  if (given) {
    if (!isExecutable(given)) throw new SetupError(`SIOCHAOS_CHROMIUM=${given} is not an executable file: point it at Chromium, or unset it to look on PATH`);
    return { path: given, from: 'SIOCHAOS_CHROMIUM' };
  }
  const onPath = findOnPath(CHROMIUM_COMMANDS, [], env.PATH);
  if (onPath) return { path: onPath, from: 'PATH' };
  const cached = fromPlaywrightCache(env);
  return cached ? { path: cached, from: 'Playwright cache' } : undefined;
}
