import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

let reports: string;
beforeAll(async () => {
  reports = await mkdtemp(path.join(os.tmpdir(), 'siochaos-object-chat-'));
});
afterAll(async () => {
  await rm(reports, { recursive: true, force: true });
});

// A server unlike the reference: object payloads acked with { ok, id }, a
// catch-up key of its own, and an http store whose rows carry client + seq.
// A mapping siochaos got wrong on any of these would show as lost or phantom.
describe('examples/object-chat, from its config alone', () => {
  it('runs green: every message stored once, every client got everything', async () => {
    const run = await runCli(['run', '--config', 'examples/object-chat/siochaos.config.json', '--runs', '4', '--seed', '1', '--reports', reports]);
    expect(run.stdout + run.stderr).toMatch(/verdict: valid/);
    expect(run.code).toBe(0);
    const [folder] = await readdir(path.join(reports, 'object-chat'));
    const results = JSON.parse(await readFile(path.join(reports, 'object-chat', folder!, 'results.json'), 'utf8'));
    expect(results.figures.scenarios).toBeGreaterThan(2);
    expect(results.figures.messagesSent).toBeGreaterThan(0);
    expect(results.figures.messagesStored).toBe(results.figures.messagesSent);
  }, 60_000);
});
