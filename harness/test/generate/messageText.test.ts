import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { LONG_TEXT, messageText, scenarioCommands } from '../../src/generate/arbitraries.js';
import everything from '../../../scenarios/everything.js';
import { planTargetFaults } from '../../src/generate/targetFaults.js';

/** `everything` with its fault families chosen for a target that takes every fault. */
const everyFault = planTargetFaults(everything, () => undefined).scenario;

/** The texts of every text-carrying command of some drawn scenarios. */
function drawnTexts(texts: { empty?: boolean } | undefined, seed: number): string[] {
  const arbitrary = scenarioCommands({ clients: 3, maxCommands: 30, scenario: everyFault, ...(texts ? { texts } : {}) });
  const found: string[] = [];
  for (const commands of fc.sample(arbitrary, { numRuns: 300, seed })) {
    // fast-check wraps each drawn command: the command itself is `cmd`.
    for (const wrapped of commands as Iterable<unknown>) {
      const text = (wrapped as { cmd: { text?: unknown } }).cmd.text;
      if (typeof text === 'string') found.push(text);
    }
  }
  return found;
}

describe('message texts', () => {
  it('are never empty by default, and still hold markup, quotes, non-ASCII and a long text', () => {
    const texts = drawnTexts(undefined, 7);
    expect(texts.length).toBeGreaterThan(500);
    expect(texts).not.toContain('');
    expect(texts).toContain('<img src=x onerror=alert(1)>');
    expect(texts).toContain('"quoted"');
    expect(texts).toContain('héllo wörld');
    expect(texts).toContain(LONG_TEXT);
    expect(LONG_TEXT.length).toBeGreaterThan(200);
  });

  it('hold the empty string when texts.empty is set', () => {
    expect(drawnTexts({ empty: true }, 7)).toContain('');
    expect(fc.sample(messageText({ empty: true }), { numRuns: 2000, seed: 3 })).toContain('');
  });

  it('default to non-empty in a resolved config, and keep what the config sets', () => {
    expect(resolveConfig({}).texts).toEqual({ empty: false });
    expect(resolveConfig({ texts: { empty: true } }).texts).toEqual({ empty: true });
  });
});
