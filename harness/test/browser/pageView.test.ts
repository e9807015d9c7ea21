import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import { checkReceive } from '../../src/checkers/receive.js';
import { runScenario, type ScenarioResult } from '../../src/core/runScenario.js';
import type { World } from '../../src/generate/World.js';
import { messageStory } from '../../src/reporters/messageStory.js';
import { useTutorialChat } from './tutorialChatSetup.js';

const LIST_BUGS = path.resolve(import.meta.dirname, 'fixtures/list-bugs.html');
const example = useTutorialChat();

/** The example's browser campaign with the page `list-bugs.html` at `query`, and `env` added to the server's. */
async function scenario(query: string, env: Record<string, string>, drive: (world: World) => Promise<void>): Promise<ScenarioResult> {
  return runScenario(await example.setup({ env: { PAGE: LIST_BUGS, ...env }, pagePath: `/${query}` }), drive);
}

/** c0 sends `texts` one by one, each once stored. */
async function nodeSends(world: World, texts: string[]): Promise<void> {
  for (const text of texts) {
    world.clients[0]!.send(text);
    expect(await world.clients[0]!.drain(5000)).toBe(true);
  }
}

describe('a browser client is judged on what its page shows', () => {
  it('catches a page that drops one message from its list and shows another twice, while its wire is fine', async () => {
    const result = await scenario('?drop=2&twice=3', {}, (world) => nodeSends(world, ['one', 'two', 'three', 'four']));
    expect(result.error).toBeUndefined();
    // The wire alone sees nothing wrong: the page received every message once, in order.
    expect(checkReceive(buildView(result.history)).anomalies).toEqual([]);
    expect(result.history.filter((e) => e.type === 'receive' && e.client === 'c1')).toHaveLength(4);
    // The page's list, as it changed and at the end.
    const views = result.history.filter((e) => e.type === 'page-view' && e.client === 'c1');
    expect(views.at(-1)).toMatchObject({ final: true, items: ['one', 'three', 'three', 'four'] });
    expect(views.length).toBeGreaterThanOrEqual(4);
    // The observer ran in the page without an error of its own.
    expect(result.history.filter((e) => e.type === 'page-error')).toEqual([]);
    expect(result.verdict).toBe('invalid');
    expect(result.check.anomalies.map((a) => [a.kind, a.client, a.offsets])).toEqual([
      ['duplicated-delivery', 'c1', [3]],
      ['missed', 'c1', [2]],
    ]);
    expect(result.check.anomalies[1]!.description).toMatch(/c1's page .* does not show 1 stored offset: 2 \("two"\); on the wire it arrived/);
    // The report's story of the duplicate shows both: the page's list and the wire's receipt.
    const steps = messageStory(buildView(result.history), result.check.anomalies[0]!).steps;
    expect(steps.filter((s) => s.kind === 'shown' && s.evidence).map((s) => s.text)).toContain(
      `c1's page showed at the end 4 items: "one", "three", "three", "four"`,
    );
    expect(steps.filter((s) => s.kind === 'received' && s.lane === 'c1' && s.evidence)).toHaveLength(1);
  }, 60_000);

  it('does not count a re-delivery on the wire that the page does not show (a Node client on the same server is judged on its wire)', async () => {
    const result = await scenario('?dedupe=1', { CHAT_BUG: 'double-broadcast' }, (world) => nodeSends(world, ['one', 'two']));
    expect(result.error).toBeUndefined();
    // Both clients received every message twice on the wire.
    expect(checkReceive(buildView(result.history)).anomalies.map((a) => [a.kind, a.client])).toEqual([
      ['duplicated-delivery', 'c0'],
      ['duplicated-delivery', 'c0'],
      ['duplicated-delivery', 'c1'],
      ['duplicated-delivery', 'c1'],
    ]);
    // The page shows each once: only c0, judged on its wire, is wrong.
    expect(result.check.anomalies.map((a) => [a.kind, a.client, a.offsets])).toEqual([
      ['duplicated-delivery', 'c0', [1]],
      ['duplicated-delivery', 'c0', [2]],
    ]);
    expect(result.check.counts).toMatchObject({ pageClients: 1, wireOnly: 2 });
    expect(result.check.notes.join('\n')).toMatch(/receive: c1: on the wire c1 received offset 1 \("one"\) twice.*so they are not counted/);
  }, 60_000);
});
