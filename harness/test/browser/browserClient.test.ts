import { describe, expect, it } from 'vitest';
import { BrowserClient } from '../../src/clients/browser/BrowserClient.js';
import { runScenario } from '../../src/core/runScenario.js';
import { faults } from '../../src/faults/registry.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { useTutorialChat } from './tutorialChatSetup.js';

const example = useTutorialChat();

const of = <T extends HistoryEvent['type']>(history: HistoryEvent[], type: T) =>
  history.filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type);

describe('a browser client: the example page in Chromium, through its own proxy', () => {
  it('recovers with the page own code when its connection is cut after the server stored a message', async () => {
    let msg = '';
    let shown: string[] = [];
    const result = await runScenario(await example.setup(), async (world) => {
      const page = world.clients[1]!;
      expect(page).toBeInstanceOf(BrowserClient);
      // A first message, with nothing wrong.
      await page.send('before the cut');
      expect(await page.drain(5000)).toBe(true);
      // Cut c1's downstream at its first byte: the server stores the message, its broadcast and ack never arrive.
      await world.injector.inject(faults['limit-data'], { stream: 'downstream', bytes: 0 }, [1]);
      msg = await page.send('<b>through the cut</b>');
      expect(await page.waitDisconnected(5000)).toBe(true);
      await world.injector.healAll();
      expect(await page.drain(15_000)).toBe(true);
      world.clients[0]!.send('from node');
      expect(await world.clients[0]!.drain(5000)).toBe(true);
      expect(await page.waitForOffset(3, 5000)).toBe(true);
      shown = await (page as BrowserClient).shownMessages();
    });
    const { history } = result;
    expect(result.error).toBeUndefined();
    expect(result.check.anomalies).toEqual([]);
    expect(result.verdict).toBe('valid');

    // The cut happened: c1 lost its connection and came back.
    expect(of(history, 'disconnect').filter((e) => e.client === 'c1').length).toBeGreaterThanOrEqual(1);
    expect(of(history, 'connect').filter((e) => e.client === 'c1').length).toBeGreaterThanOrEqual(2);
    // The page's own offset, sent again by the page's retries after the cut, stored once, acknowledged.
    expect(msg).toMatch(/^[a-z0-9]+-2$/);
    const attempts = of(history, 'invoke').filter((e) => e.msg === msg);
    expect(attempts.map((e) => e.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(of(history, 'ok').filter((e) => e.msg === msg)).toHaveLength(1);
    const stored = of(history, 'final-read').filter((e) => e.msg === msg);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.content).toBe('<b>through the cut</b>');
    // The page received it once, and shows every message, as text.
    expect(of(history, 'receive').filter((e) => e.client === 'c1' && e.offset === stored[0]!.offset)).toHaveLength(1);
    expect(shown).toEqual(['before the cut', '<b>through the cut</b>', 'from node']);
  }, 60_000);
});
