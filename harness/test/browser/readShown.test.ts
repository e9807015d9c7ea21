import { describe, expect, it } from 'vitest';
import { readShown } from '../../src/clients/browser/readShown.js';

describe('reading a page list at the end', () => {
  it('keeps reading while a broadcast the wire brought is not shown yet, though two reads agree (a page lagging on a loaded machine)', async () => {
    let reads = 0;
    const read = async (): Promise<string[]> => (++reads < 6 ? ['one', 'two'] : ['one', 'two', 'three']);
    expect(await readShown(read, ['one', 'two', 'three'], 5, 2000)).toEqual(['one', 'two', 'three']);
  });

  it('stops at its bound when the page never shows a row: the checker then judges it', async () => {
    const started = Date.now();
    expect(await readShown(async () => ['one'], ['one', 'two'], 5, 100)).toEqual(['one']);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
