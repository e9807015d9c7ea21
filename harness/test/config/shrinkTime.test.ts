import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/runArgs.js';
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
