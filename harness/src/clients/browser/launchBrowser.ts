import { existsSync } from 'node:fs';
import createDebug from 'debug';
import { chromium, type Browser } from 'playwright-core';
import { SetupError } from '../../errors/SetupError.js';

const debug = createDebug('siochaos:browser');

/** Where Chromium is looked for unless `SIOCHAOS_CHROMIUM` says otherwise (Debian's `chromium` package). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet headless Chromium that talks only to the page under test. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts headless Chromium for browser clients: `SIOCHAOS_CHROMIUM` if set,
 * else {@link DEFAULT_CHROMIUM}. The caller closes it.
 *
 * @throws SetupError when Chromium is missing or does not start.
 * @example
 * const browser = await launchBrowser();
 * try { ... } finally { await browser.close(); }
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.SIOCHAOS_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) {
    throw new SetupError(
      `browser clients need Chromium, not found at ${executablePath}: install it (apt-get install chromium) or set SIOCHAOS_CHROMIUM to its path`,
    );
  }
  try {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
    debug('chromium %s started', browser.version());
    return browser;
  } catch (err) {
    throw new SetupError(`Chromium at ${executablePath} did not start: ${(err as Error).message.split('\n')[0]}`);
  }
}
