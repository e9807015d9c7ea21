import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { strategies } from '../../src/clients/strategies/registry.js';
import { loadConfig } from '../../src/config/loadConfigFile.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CommandTargetConfig } from '../../src/config/types.js';
import { makeTarget } from '../../src/core/makeTarget.js';
import type { ScenarioSetup } from '../../src/core/runScenario.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';

/** The tutorial-chat example's folder. */
export const EXAMPLE = path.resolve(import.meta.dirname, '../../../examples/tutorial-chat');

/** What to change in the example's browser campaign. */
export interface ExampleChanges {
  /** Added to the server's environment (e.g. `PAGE`, `CHAT_BUG`). */
  env?: Record<string, string>;
  /** The page's path and query (default the config's `/`). */
  pagePath?: string;
  /** How many clients, and how many of them are pages (default the config's: 2 and 1). */
  clients?: number;
  pages?: number;
}

/**
 * Starts Toxiproxy and a work folder for the test file (stopped and removed
 * after it), and gives scenario setups of the tutorial-chat example's browser
 * campaign (`siochaos.browser.config.json`: c0 a Node client, c1 the page).
 */
export function useTutorialChat(): { setup(changes?: ExampleChanges): Promise<ScenarioSetup> } {
  let toxiproxy: Awaited<ReturnType<typeof provideToxiproxy>> | undefined;
  let workDir = '';
  beforeAll(async () => {
    toxiproxy = await provideToxiproxy();
    workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-browser-'));
  });
  afterAll(async () => {
    await toxiproxy?.stop();
    await rm(workDir, { recursive: true, force: true });
  });
  return {
    async setup(changes = {}) {
      const file = await loadConfig(path.join(EXAMPLE, 'siochaos.browser.config.json'), EXAMPLE);
      const target = file.target as CommandTargetConfig;
      const config = resolveConfig({
        ...file,
        reportsDir: workDir,
        target: { ...target, env: { ...target.env, ...changes.env } },
        browser: { ...file.browser!, path: changes.pagePath ?? file.browser!.path, clients: changes.pages ?? file.browser!.clients },
        clients: changes.clients ?? file.clients,
      });
      const url = toxiproxy!.url;
      return {
        toxiproxyUrl: url,
        makeTarget: (dataDir) => makeTarget(config, { dataDir, logDir: workDir, toxiproxyUrl: url }),
        clients: config.clients,
        strategy: strategies['queued-retry'],
        strategyOptions: { ackTimeoutMs: 1000, retries: Infinity },
        protocol: tutorialProtocol,
        transport: 'websocket',
        workDir,
        finalPhase: config.finalPhase,
        signal: new AbortController().signal,
        browser: config.browser,
      };
    },
  };
}
