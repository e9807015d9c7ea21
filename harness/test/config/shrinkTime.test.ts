import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/runArgs.js';
import { loadConfig } from '../../src/config/loadConfigFile.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';

describe('--shrink-time', () => {
  it('sets the shrinking budget, in the units --time takes; without it the default stands', () => {
    expect(parseRunArgs(['--shrink-time', '20s']).options.shrinkTimeLimitMs).toBe(20_000);
    expect(parseRunArgs(['--shrink-time', '2m']).options.shrinkTimeLimitMs).toBe(120_000);
    expect(resolveConfig(parseRunArgs(['--shrink-time', '500ms']).options).shrinkTimeLimitMs).toBe(500);
    expect(resolveConfig(parseRunArgs([]).options).shrinkTimeLimitMs).toBe(90_000);
  });

  it('refuses what is not a duration, naming the option', () => {
    expect(() => parseRunArgs(['--shrink-time', 'soon'])).toThrow(/shrink-time/);
  });
});

describe('shrink.time in the config file', () => {
  /** The campaign options of a config file holding `config`. */
  async function optionsOf(config: unknown) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-shrink-time-'));
    try {
      await writeFile(path.join(dir, 'siochaos.config.json'), JSON.stringify(config));
      return await loadConfig(undefined, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('sets the shrinking budget beside tries and failures; the command line overrides it', async () => {
    const options = await optionsOf({ shrink: { tries: 5, failures: 2, time: '30s' } });
    expect(options.shrinkTimeLimitMs).toBe(30_000);
    expect(resolveConfig(options).shrink).toEqual({ tries: 5, failures: 2 });
    expect(resolveConfig({ ...options, ...parseRunArgs(['--shrink-time', '5s']).options }).shrinkTimeLimitMs).toBe(5000);
  });

  it('alone leaves the judgement at its default, and takes milliseconds as a number', async () => {
    const options = await optionsOf({ shrink: { time: 1500 } });
    expect(options.shrink).toBeUndefined();
    const config = resolveConfig(options);
    expect(config.shrinkTimeLimitMs).toBe(1500);
    expect(config.shrink).toEqual(resolveConfig({}).shrink);
  });

  it('refuses what is not a duration, naming the field', async () => {
    await expect(optionsOf({ shrink: { time: 'soon' } })).rejects.toThrow(/shrink\.time: /);
  });
});
