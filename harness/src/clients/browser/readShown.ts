import { sleep } from '../../net/waitFor.js';

/** How far apart two reads of a page's list must agree. */
export const VIEW_SETTLE_MS = 100;
/** The longest the read at the end waits for the list to show what the wire brought and settle. */
export const VIEW_SETTLE_BOUND_MS = 4000;

/**
 * Reads a page's list until it shows every text in `expected` (as many
 * times as it occurs there: the stored rows the page's wire received) and
 * two reads `settleMs` apart agree, or `boundMs` runs out: a loaded machine
 * runs the page's script late, so a list that stopped changing for a moment
 * may still lack the last broadcast. Returns the last read.
 *
 * @example
 * const items = await readShown(() => page.locator('#messages li').allTextContents(), ['one', 'two']);
 */
export async function readShown(read: () => Promise<string[]>, expected: readonly string[], settleMs = VIEW_SETTLE_MS, boundMs = VIEW_SETTLE_BOUND_MS): Promise<string[]> {
  const deadline = Date.now() + boundMs;
  let items = await read();
  for (;;) {
    await sleep(settleMs);
    const again = await read();
    const same = again.length === items.length && again.every((item, i) => item === items[i]);
    items = again;
    if ((same && showsAll(items, expected)) || Date.now() > deadline) return items;
  }
}

/** Whether `items` hold every text of `expected`, each as many times as it occurs there. */
function showsAll(items: readonly string[], expected: readonly string[]): boolean {
  const count = new Map<string, number>();
  for (const item of items) count.set(item, (count.get(item) ?? 0) + 1);
  for (const text of expected) {
    const n = count.get(text) ?? 0;
    if (n === 0) return false;
    count.set(text, n - 1);
  }
  return true;
}
