import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/view/buildView.js';
import type { BrowserClient } from '../../src/clients/browser/BrowserClient.js';
import type { ScenarioClient } from '../../src/clients/ScenarioClient.js';
import { runScenario } from '../../src/core/runScenario.js';
import type { World } from '../../src/generate/World.js';
import { OfflineTogetherCommand } from '../../src/generate/commands/OfflineTogetherCommand.js';
import { ReloadCommand } from '../../src/generate/commands/ReloadCommand.js';
import type { ScenarioCommand } from '../../src/generate/commands/ScenarioCommand.js';
import { SecondTabCommand } from '../../src/generate/commands/SecondTabCommand.js';
import { TypeDuringReconnectCommand } from '../../src/generate/commands/TypeDuringReconnectCommand.js';
import { initialModel, type ScenarioModel } from '../../src/generate/Model.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { packageRoot } from '../../src/paths.js';
import { MARK_KINDS, timelineModel } from '../../src/reporters/html/timelineModel.js';
import { messageStory } from '../../src/reporters/messageStory.js';
import { useTutorialChat } from './tutorialChatSetup.js';

const example = useTutorialChat();

/** Runs `command`, watching whether any of `clients` ever held a message typed but not acknowledged while it was disconnected. */
async function runWatching(command: ScenarioCommand, model: ScenarioModel, world: World, clients: ScenarioClient[]): Promise<Set<string>> {
  const queuedOffline = new Set<string>();
  const watch = setInterval(() => {
    for (const c of clients) if (!c.connected && c.pending > 0) queuedOffline.add(c.name);
  }, 5);
  try {
    await command.run(model, world);
  } finally {
    clearInterval(watch);
  }
  return queuedOffline;
}

/** Index of the `command` event that marks the start of `command` in the history. */
const commandAt = (history: HistoryEvent[], command: ScenarioCommand) =>
  history.findIndex((e) => e.type === 'command' && e.text === command.toString());

describe('page commands: what pages do offline (c0 a Node client, c1 and c2 the example page)', () => {
  it('types offline together, types during a reconnect, reloads into a new session and opens a second tab, each as it says', async () => {
    const together = new OfflineTogetherCommand([1, 2], 1);
    const reconnect = new TypeDuringReconnectCommand(1, 1);
    const reload = new ReloadCommand(1);
    const tab = new SecondTabCommand(2);
    const queued: Record<string, Set<string>> = {};
    const result = await runScenario(await example.setup({ clients: 3, pages: 2 }), async (world) => {
      const model = initialModel(3);
      const [, c1, c2] = world.clients as [ScenarioClient, BrowserClient, BrowserClient];
      c1.send('first');
      expect(await c1.drain(5000)).toBe(true);
      queued.together = await runWatching(together, model, world, [c1, c2]);
      queued.reconnect = await runWatching(reconnect, model, world, [c1]);
      await reload.run(model, world);
      await tab.run(model, world);
    });
    const { history } = result;
    expect(result.error).toBeUndefined();
    const stored = history.filter((e) => e.type === 'final-read').map((e) => e.content);

    // OfflineTogether: both pages held their message typed while disconnected; it went out after the heal, and was stored.
    expect([...queued.together!].sort()).toEqual(['c1', 'c2']);
    const down = history.findIndex((e, i) => i > commandAt(history, together) && e.type === 'fault-start' && e.fault === 'down');
    const healed = history.findIndex((e, i) => i > down && e.type === 'fault-end');
    for (const client of ['c1', 'c2']) {
      const typed = history.findIndex((e) => e.type === 'invoke' && e.client === client && e.content.startsWith(`${client} offline`));
      expect(typed).toBeGreaterThan(healed);
    }
    expect(stored.filter((text) => / offline /.test(text))).toHaveLength(2);

    // TypeDuringReconnect: typed after the heal while c1 was still reconnecting; sent on the new connection.
    expect([...queued.reconnect!]).toEqual(['c1']);
    expect(stored.filter((text) => text.startsWith('c1 while reconnecting'))).toHaveLength(1);

    // Reload: the old connection ends as a reload, the page starts over with an empty list, and a new session (not recovered) connects.
    const from = commandAt(history, reload);
    const after = history.slice(from);
    expect(after.find((e) => e.type === 'disconnect' && e.client === 'c1')).toMatchObject({ reason: 'the page was reloaded' });
    expect(after.find((e) => e.type === 'connect' && e.client === 'c1')).toMatchObject({ recovered: false });
    expect(after.some((e) => e.type === 'page-view' && e.client === 'c1' && e.items.length === 0)).toBe(true);

    // SecondTab: c2-tab2 is a client of its own, both tabs' messages are stored, and the tab shows them all at the end.
    const tabEvents = history.filter((e) => 'client' in e && e.client === 'c2-tab2');
    expect(tabEvents.some((e) => e.type === 'connect')).toBe(true);
    expect(stored.filter((text) => / in two tabs /.test(text)).map((text) => text.split(' ')[0]).sort()).toEqual(['c2', 'c2-tab2']);
    const tabView = tabEvents.filter((e) => e.type === 'page-view').at(-1);
    expect(tabView).toMatchObject({ final: true, items: stored });

    // The example page keeps every message through all of it.
    expect(result.check.anomalies).toEqual([]);
    expect(result.verdict).toBe('valid');
  }, 90_000);
});

describe("the tutorial's own page (tutorial-page.html: offsets `${socket.id}-${counter++}`, retries: 3)", () => {
  it('loses a message when two pages type offline together: both send undefined-0, the server keeps the first and acks both', async () => {
    const together = new OfflineTogetherCommand([1, 2], 1);
    const result = await runScenario(await example.setup({ clients: 3, pages: 2, env: { PAGE: 'tutorial-page.html' } }), async (world) => {
      await together.run(initialModel(3), world);
    });
    const { history } = result;
    expect(result.error).toBeUndefined();
    const invokes = history.filter((e) => e.type === 'invoke' && e.attempt === 1);
    expect(invokes.map((e) => (e.type === 'invoke' ? (e.sentAs ?? e.msg) : ''))).toEqual(['undefined-0', 'undefined-0']);
    expect(result.verdict).toBe('invalid');
    const lost = result.check.anomalies.filter((a) => a.kind === 'lost');
    expect(lost.map((a) => a.msgs)).toEqual([['undefined-0~2']]);
    // Its story shows both messages: the one the server kept under undefined-0, and the one it dropped.
    const story = messageStory(buildView(history), lost[0]!);
    expect(story.steps.map((s) => s.text)).toContainEqual(
      expect.stringMatching(/ sent undefined-0~2 ".* offline \d+" \(attempt 1, on the wire as undefined-0: the client offset of an earlier message\)$/),
    );
    expect(story.steps.map((s) => s.text)).toContain('the final read found undefined-0 stored at offset 1');
    expect(history.filter((e) => e.type === 'final-read')).toHaveLength(1);
    // Its events (sentAs, page-view) are valid history lines, and the timeline draws the pages' lists.
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validateEvent = ajv.compile(JSON.parse(await readFile(path.join(packageRoot, 'harness/schema/history-event.schema.json'), 'utf8')));
    for (const event of history) expect(validateEvent(event), ajv.errorsText(validateEvent.errors)).toBe(true);
    const shown = timelineModel(buildView(history), new Set()).marks.filter((m) => MARK_KINDS[m[2]] === 'shown');
    expect(shown.length).toBe(history.filter((e) => e.type === 'page-view').length);
  }, 60_000);
});
