/**
 * Targets started one scenario ahead: the order of starts and stops, with
 * stand-in targets (the campaign e2e tests run the real reference server).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startScenarioTarget, TargetsAhead } from '../../src/core/scenarioTarget.js';
import type { Target } from '../../src/target/Target.js';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-ahead-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Stand-in targets that log their starts and stops (and their folders in `dirs`); the `fail`-th start throws. */
function standIns(log: string[], fail?: number, dirs: string[] = []) {
  let made = 0;
  return (dataDir: string): Target => {
    const n = ++made;
    dirs.push(dataDir);
    return {
      name: `t${n}`,
      start: async () => {
        log.push(`start t${n}`);
        if (n === fail) throw new Error(`t${n} did not start`);
        return { host: '127.0.0.1', port: 1000 + n };
      },
      stop: async () => void log.push(`stop t${n} in ${path.basename(path.dirname(dataDir))}`),
      readStore: async () => [],
    };
  };
}

const exists = (dir: string) => stat(dir).then(() => true, () => false);

describe('TargetsAhead', () => {
  it('gives each scenario a started target and starts the next one meanwhile; close stops the spare and removes its folder', async () => {
    const log: string[] = [];
    const dirs: string[] = [];
    const make = standIns(log, undefined, dirs);
    const ahead = new TargetsAhead(() => startScenarioTarget(workDir, make));
    const first = await ahead.take();
    expect(first.address.port).toBe(1001);
    // The next target starts only when the scenario says so (its clients connected), once.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log).toEqual(['start t1']);
    ahead.startNext();
    ahead.startNext();
    await vi.waitFor(() => expect(log).toEqual(['start t1', 'start t2']));
    const second = await ahead.take();
    expect(second.target.name).toBe('t2');
    ahead.startNext();
    await ahead.close();
    expect(log.at(-1)).toMatch(/^stop t3 in /);
    expect(await exists(dirs[2]!)).toBe(false);
    expect(await exists(first.dataDir)).toBe(true);
    expect(log.filter((line) => line.startsWith('stop'))).toHaveLength(1);
    await expect(ahead.take()).rejects.toThrow(/after close/);
  });

  it('reports a start that failed ahead to the scenario that takes it, and removes its folder', async () => {
    const log: string[] = [];
    const make = standIns(log, 2);
    const ahead = new TargetsAhead(() => startScenarioTarget(workDir, make));
    await ahead.take();
    ahead.startNext();
    await expect(ahead.take()).rejects.toThrow('t2 did not start');
    expect(log).toContain('stop t2 in ' + path.basename(workDir));
    const third = await ahead.take();
    expect(third.target.name).toBe('t3');
    await ahead.close();
  });
});
