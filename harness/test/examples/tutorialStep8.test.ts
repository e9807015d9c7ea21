import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiochaosConfig } from '../../src/model/config.js';
import { ROOT, runCli, type CliRun } from './runCli.js';

/** The tutorial's step-8 server, as a third party writes it (see the fixture's README). */
const STEP8 = path.join(ROOT, 'harness/test/fixtures/tutorial-step8');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-step8-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The config of the step-8 server, with extra environment. */
function step8Config(name: string, env: Record<string, string> = {}): SiochaosConfig {
  return {
    name,
    clients: 2,
    target: { kind: 'command', command: ['node', 'server.js'], cwd: STEP8, env: { PORT: '{port}', DB_FILE: '{db}', ...env }, readyLog: 'server running at' },
    store: {
      kind: 'sqlite',
      file: '{db}',
      query: 'SELECT id, client_offset, content FROM messages ORDER BY id',
      fields: { offset: 'id', msg: 'client_offset', content: 'content' },
    },
  };
}

/** Checks a report folder's results.json and history lines against the schemas. */
async function expectSchemaValid(results: unknown, history: unknown[]): Promise<void> {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const load = async (name: string) => JSON.parse(await readFile(path.join(ROOT, 'harness/schema', name), 'utf8'));
  const validate = ajv.compile(await load('results.schema.json'));
  expect(validate(results), ajv.errorsText(validate.errors)).toBe(true);
  const validateEvent = ajv.compile(await load('history-event.schema.json'));
  for (const [i, event] of history.entries()) expect(validateEvent(event), `history line ${i + 1}: ${ajv.errorsText(validateEvent.errors)}`).toBe(true);
}

/** Runs `siochaos run` on `config` with more arguments; the run and its report folder. */
async function run(config: SiochaosConfig, args: string[]): Promise<{ cli: CliRun; folder: string }> {
  const file = path.join(dir, `${config.name}.json`);
  await writeFile(file, JSON.stringify(config));
  const reports = path.join(dir, 'reports');
  const cli = await runCli(['run', '--config', file, '--seed', '1', '--reports', reports, ...args], 120_000);
  const [stamp] = await readdir(path.join(reports, config.name!));
  return { cli, folder: path.join(reports, config.name!, stamp!) };
}

describe("the tutorial's step-8 server", () => {
  it('dies of a plain emit under at-most-once: target-crashed, exit code 1, the TypeError in the evidence and the kept output', async () => {
    const { cli, folder } = await run(step8Config('step8-crash'), ['--strategy', 'at-most-once', '--time', '6s']);
    expect(cli.code).toBe(1);
    const console = cli.stdout;
    expect(console).toMatch(/^verdict: invalid: The server crashed .*\(exited with code 1: TypeError: callback is not a function\) and siochaos did not stop it/m);
    const results = JSON.parse(await readFile(path.join(folder, 'results.json'), 'utf8'));
    const crashed = results.anomalies.find((a: { kind: string }) => a.kind === 'target-crashed');
    expect(crashed).toMatchObject({ guarantee: 'target-stays-up' });
    expect(crashed.description).toMatch(/^the target exited with code 1 at .* and siochaos did not stop it: TypeError: callback is not a function; just before/);
    expect(crashed.payload).toMatch(/without an ack function$/);
    // The evidence: the exit event itself, with its code and stderr.
    const history = (await readFile(path.join(folder, 'history.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const exits = crashed.events.map((i: number) => history[i]).filter((e: { type: string }) => e.type === 'target-exit');
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ code: 1, signal: null });
    expect(exits[0].stderr).toContain('TypeError: callback is not a function');
    await expectSchemaValid(results, history);
    // The kept output of the target's processes holds the same stderr.
    const logs = await readdir(path.join(folder, 'target-output'));
    const texts = await Promise.all(logs.map((log) => readFile(path.join(folder, 'target-output', log), 'utf8')));
    const died = texts.find((text) => text.includes('TypeError: callback is not a function'));
    expect(died).toMatch(/\[siochaos\] the process exited with code 1: siochaos did not stop it \(target-crashed\)\n$/);
  }, 150_000);
});
