import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

let reports: string;
beforeAll(async () => {
  reports = await mkdtemp(path.join(os.tmpdir(), 'siochaos-tutorial-chat-'));
});
afterAll(async () => {
  await rm(reports, { recursive: true, force: true });
});

describe('examples/tutorial-chat, from its config alone', () => {
  it('runs green: every message stored once, every client got everything', async () => {
    const run = await runCli(['run', '--config', 'examples/tutorial-chat/siochaos.config.json', '--runs', '4', '--seed', '1', '--reports', reports]);
    expect(run.stdout + run.stderr).toMatch(/verdict: valid/);
    expect(run.code).toBe(0);
    const [folder] = await readdir(path.join(reports, 'tutorial-chat'));
    const results = JSON.parse(await readFile(path.join(reports, 'tutorial-chat', folder!, 'results.json'), 'utf8'));
    expect(results.figures.scenarios).toBeGreaterThan(2);
    expect(results.figures.messagesSent).toBeGreaterThan(0);
    expect(results.figures.messagesStored).toBe(results.figures.messagesSent);
  }, 60_000);

  it('catches the planted bug (no UNIQUE constraint) as duplicated, with a shrunk counterexample', async () => {
    const run = await runCli(['run', '--config', 'examples/tutorial-chat/siochaos.buggy.config.json', '--time', '8s', '--seed', '1', '--reports', reports]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/verdict: invalid/);
    expect(run.stdout).toMatch(/duplicated: \S+ .* was stored 2 times/);
    expect(run.stdout).toMatch(/shrunk counterexample \(\d steps?\)/);
    expect(run.stdout).toMatch(/replay: npx siochaos replay /);
  }, 90_000);
});

