import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../src/clients/browser/launchBrowser.js';

/** The Chromium `npm run setup` provisioned, headless, with nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return launchBrowser();
}

/** A page showing a report file, with everything that should never happen recorded. */
export interface OpenedReport {
  page: Page;
  /** Uncaught errors and console errors. */
  errors: string[];
  /** alert/confirm/prompt dialogs (each one is a script that ran). */
  dialogs: string[];
  /** Requests for anything but the report file itself. */
  requests: string[];
}

/**
 * Opens report.html the way a person would (file://) and waits until its script has drawn the page.
 */
export async function openReport(browser: Browser, file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport });
  const url = pathToFileURL(file).href;
  const opened: OpenedReport = { page, errors: [], dialogs: [], requests: [] };
  page.on('pageerror', (err) => opened.errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') opened.errors.push(msg.text());
  });
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (request.url() !== url) opened.requests.push(request.url());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
  return opened;
}
