import createDebug from 'debug';
import { chromium, type Browser } from 'playwright-core';
import { SetupError } from '../../errors/SetupError.js';
import { locateChromium } from '../../provision/locateChromium.js';
import { chromiumMissing } from '../../provision/provideChromium.js';

const debug = createDebug('siochaos:browser');

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
 * Starts headless Chromium for browser clients, found where `siochaos setup`
 * finds it ({@link locateChromium}: `SIOCHAOS_CHROMIUM`, then PATH, then
 * Playwright's cache). The caller closes it.
 *
 * @throws SetupError when Chromium is missing or does not start.
 * @example
 * const browser = await launchBrowser();
 * try { ... } finally { await browser.close(); }
 */
export async function launchBrowser(): Promise<Browser> {
  const found = locateChromium();
  if (!found) throw new SetupError(`browser clients need Chromium: ${chromiumMissing()}`);
  const executablePath = found.path;
  try {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
    debug('chromium %s started', browser.version());
    return browser;
  } catch (err) {
    throw new SetupError(`Chromium at ${executablePath} did not start: ${(err as Error).message.split('\n')[0]}`);
  }
}
