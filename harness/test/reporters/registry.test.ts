import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReporterModule } from '../../src/reporters/loadReporterModule.js';
import {
  defaultReporterNames,
  isReporterPath,
  reporterNames,
  reporters,
  reportersByName,
  resolveReporters,
  type ReporterName,
} from '../../src/reporters/registry.js';
import { report, type Reporter } from '../../src/core/Reporter.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-reporter-module-'));
  await writeFile(path.join(dir, 'object.mjs'), "export default { name: 'object', onCampaignEnd() { globalThis.__objectEnded = true; } };\n");
  await writeFile(path.join(dir, 'factory.mjs'), "export default async () => ({ name: 'factory', onScenarioEnd() {} });\n");
  await writeFile(path.join(dir, 'nameless.mjs'), 'export default { onScenarioEnd() {} };\n');
  await writeFile(path.join(dir, 'hookless.mjs'), "export default { name: 'idle' };\n");
  await writeFile(path.join(dir, 'named-only.mjs'), "export const reporter = { name: 'x', onScenarioEnd() {} };\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the reporter registry', () => {
  it('names every built-in reporter, and uses all of them by default, the console last', () => {
    const names: ReporterName[] = ['console', 'json', 'html', 'junit', 'markdown'];
    expect([...reporterNames].sort()).toEqual([...names].sort());
    expect([...defaultReporterNames].sort()).toEqual([...names].sort());
    expect(defaultReporterNames.at(-1)).toBe('console');
    expect(reportersByName(defaultReporterNames).map((r) => r.name)).toEqual([...defaultReporterNames]);
    expect(reporters.junit().name).toBe('junit');
  });

  it('makes fresh reporters each time', () => {
    const [a] = reportersByName(['json']);
    const [b] = reportersByName(['json']);
    expect(a).not.toBe(b);
  });

  it('takes extra reporters by name, and refuses an unknown name listing the valid ones', () => {
    const mine: Reporter = { name: 'mine', onCampaignEnd: () => {} };
    expect(reportersByName(['mine', 'junit'], { mine: () => mine }).map((r) => r.name)).toEqual(['mine', 'junit']);
    expect(() => reportersByName(['consle'])).toThrow(
      'unknown reporter "consle": use one of console, json, html, junit, markdown, or a path to a reporter module (./my-reporter.js)',
    );
    expect(() => reportersByName(['toString'])).toThrow(/unknown reporter "toString"/);
  });

  it('tells a module path from a name', () => {
    expect(isReporterPath('./slack.js')).toBe(true);
    expect(isReporterPath('reporters/slack.ts')).toBe(true);
    expect(isReporterPath('slack.mjs')).toBe(true);
    expect(isReporterPath('junit')).toBe(false);
  });
});

describe('loadReporterModule', () => {
  it('loads a default-exported reporter or factory, which then runs through the fan-out', async () => {
    const object = await loadReporterModule('object.mjs', dir);
    expect(object.name).toBe('object');
    const factory = await loadReporterModule(path.join(dir, 'factory.mjs'));
    expect(factory.name).toBe('factory');
    expect(await report([object], 'onCampaignEnd', {} as never)).toEqual([]);
    expect((globalThis as { __objectEnded?: boolean }).__objectEnded).toBe(true);
    const chosen = await resolveReporters(['junit', './factory.mjs'], {}, dir);
    expect(chosen.map((r) => r.name)).toEqual(['junit', 'factory']);
  });

  it('says what a module lacks and what to export', async () => {
    await expect(loadReporterModule('missing.mjs', dir)).rejects.toThrow(/cannot load reporter module .*missing\.mjs/);
    await expect(loadReporterModule('nameless.mjs', dir)).rejects.toThrow(/without a name: give it one/);
    await expect(loadReporterModule('hookless.mjs', dir)).rejects.toThrow(/has no hooks: give it one of onCampaignStart, onScenarioStart, onScenarioEnd, onShrinkStart, onWorkerIdle, onCampaignEnd/);
    await expect(loadReporterModule('named-only.mjs', dir)).rejects.toThrow(/has no default export: export default a Reporter/);
  });
});
