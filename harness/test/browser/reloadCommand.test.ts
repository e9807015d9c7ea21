import { describe, expect, it } from 'vitest';
import type { BrowserClient } from '../../src/clients/browser/BrowserClient.js';
import type { World } from '../../src/generate/World.js';
import type { ScenarioModel } from '../../src/generate/Model.js';
import { ReloadCommand } from '../../src/generate/commands/ReloadCommand.js';

/** A page that logs the steps asked of it; reconnecting takes `backAfterMs` (a Socket.IO reconnect backoff). */
function fakePage(backAfterMs: number): { page: BrowserClient; steps: string[] } {
  const steps: string[] = [];
  const start = Date.now();
  let connected = false;
  setTimeout(() => (connected = true), backAfterMs);
  const page = {
    waitConnected: async (timeoutMs: number) => {
      steps.push(`waitConnected(${timeoutMs})`);
      while (!connected && Date.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 5));
      steps.push(connected ? 'connected' : 'not connected');
      return connected;
    },
    drain: async () => {
      steps.push(connected ? 'drain (connected)' : 'drain (offline)');
      return connected;
    },
    reload: async () => {
      steps.push('reload');
      return 0;
    },
  };
  return { page: page as unknown as BrowserClient, steps };
}

describe('Reload(client)', () => {
  it('waits (bounded) for the page to reconnect before it drains it and reloads: what it holds can still go out', async () => {
    const { page, steps } = fakePage(50);
    const act = (ReloadCommand.prototype as unknown as { act(p: BrowserClient, m: ScenarioModel, w: World): Promise<void> }).act;
    await act.call(new ReloadCommand(1), page, { activeFaults: 0 } as ScenarioModel, {} as World);
    expect(steps.slice(0, 4)).toEqual(['waitConnected(8000)', 'connected', 'drain (connected)', 'reload']);
  });
});
