import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import browserOffline from '../../../scenarios/browser-offline.js';
import { scenarioCommands } from '../../src/generate/arbitraries.js';
import { PageCommand } from '../../src/generate/commands/PageCommand.js';

describe('the browser-offline scenario', () => {
  it('draws every page command, and reloads and second tabs only on the pages', () => {
    const drawn = fc.sample(scenarioCommands({ clients: 3, maxCommands: 8, scenario: browserOffline, pages: 1 }), { numRuns: 60, seed: 7 });
    // fast-check hands out its own wrappers: the command is their `cmd`.
    const commands = drawn.flatMap((c) => [...c]).map((c) => (c as unknown as { cmd: typeof c }).cmd);
    const names = new Set(commands.map((c) => c.toString().split('(')[0]));
    for (const name of ['OfflineTogether', 'TypeDuringReconnect', 'Reload', 'SecondTab', 'Emit']) expect(names).toContain(name);
    const onPages = commands.filter((c): c is PageCommand => c instanceof PageCommand);
    expect(onPages.length).toBeGreaterThan(0);
    expect(new Set(onPages.map((c) => c.client))).toEqual(new Set([2]));
  });
});
