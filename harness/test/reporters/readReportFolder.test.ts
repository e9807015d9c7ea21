import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { historyToJsonl } from '../../src/history/jsonl.js';
import { resultsFor, validHistory, xssHistory } from './fixtures.js';

let root: string;
let folders = 0;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'siochaos-read-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A report folder holding this results.json text (or value) and history.jsonl text. */
async function folder(results: unknown, history = historyToJsonl(validHistory())): Promise<string> {
  const dir = path.join(root, `r${++folders}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'results.json'), typeof results === 'string' ? results : JSON.stringify(results, null, 2));
  await writeFile(path.join(dir, 'history.jsonl'), history);
  return dir;
}

/** Runs `siochaos <args>` in this process: its exit code and what it printed to stderr. */
async function cli(args: string[]): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...line: unknown[]) => void errors.push(line.join(' ')));
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = signals.map((signal) => new Set(process.listeners(signal)));
  try {
    return { code: await main(args), errors };
  } finally {
    // main() listens for Ctrl-C as the process would; take its listeners off again.
    signals.forEach((signal, i) => process.listeners(signal).filter((l) => !before[i]!.has(l)).forEach((l) => process.off(signal, l)));
  }
}

const valid = () => resultsFor(validHistory()).results;
const failing = () => resultsFor(xssHistory()).results;

describe('siochaos report on a broken or foreign report folder', () => {
  it('renders a good folder', async () => {
    expect(await cli(['report', await folder(valid())])).toEqual({ code: 0, errors: [] });
  });

  it.each([
    ['not JSON', '{"version": 1,', /results\.json: not JSON \(.+\)$/],
    ['some other JSON file', { name: 'my-app', version: '1.0.0', dependencies: {} }, /results\.json: version: "1\.0\.0": it is not a results\.json written by siochaos$/],
    ['an object without a version', { verdict: 'valid' }, /results\.json: version: missing: it is not a results\.json written by siochaos$/],
    ['a newer version', { ...valid(), version: 2 }, /results\.json: version: 2, this siochaos reads version 1: upgrade siochaos$/],
    ['a verdict it never writes', { ...valid(), verdict: 'maybe' }, /results\.json: verdict: expected "valid" or "invalid" or "unknown", got "maybe"$/],
    ['a figure of the wrong type', { ...valid(), figures: { ...valid().figures, scenarios: '1' } }, /results\.json: figures\.scenarios: expected number, got string$/],
    ['a missing field', (({ config: _, ...rest }) => rest)(valid()), /results\.json: config: missing \(expected object\)$/],
    ['a bad anomaly event index', (() => { const r = failing(); r.anomalies[0]!.events[0] = -1; return r; })(), /results\.json: anomalies\[0\]\.events\[0\]: Too small: expected number to be >=0, got -1$/],
  ])('%s: exit 2 and one line naming the file and the field', async (_, results, line) => {
    const dir = await folder(results);
    const { code, errors } = await cli(['report', dir]);
    expect(code).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^siochaos: ${path.join(dir, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(errors[0]).toMatch(line);
  });

  it.each([
    ['a line that is not JSON', '{"type":"note","t":0,"phase":"x"}\n{"type":\n', /history\.jsonl line 2: not JSON \(.+\)$/],
    ['a time of the wrong type', '{"type":"note","t":0,"phase":"x"}\n\n{"type":"note","t":"soon","phase":"y"}\n', /history\.jsonl line 3: t: expected number, got string$/],
    ['a line with no type', '{"t":0}\n', /history\.jsonl line 1: type: missing/],
  ])('history.jsonl with %s: exit 2 and one line naming the file, the line and the field', async (_, history, line) => {
    const { code, errors } = await cli(['report', await folder(valid(), history)]);
    expect(code).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^siochaos: /);
    expect(errors[0]).toMatch(line);
  });
});

describe('siochaos replay on a broken or foreign results.json', () => {
  it.each([
    ['a counterexample seed of the wrong type', (() => { const r = failing(); r.counterexample!.seed = '42' as unknown as number; return r; })(), /results\.json: counterexample\.seed: expected number, got string$/],
    ['a command target without its command', (() => { const r = failing(); r.config.target = { kind: 'command' } as typeof r.config.target; return r; })(), /results\.json: config\.target\.command: missing \(expected array\)$/],
    ['some other JSON file', { name: 'my-app', private: true }, /results\.json: version: missing: it is not a results\.json written by siochaos$/],
    ['not JSON', '', /results\.json: not JSON \(.+\)$/],
  ])('%s: exit 2 and one line naming the file and the field, before any scenario runs', async (_, results, line) => {
    const dir = await folder(results);
    const { code, errors } = await cli(['replay', dir]);
    expect(code).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^siochaos: /);
    expect(errors[0]).toMatch(line);
  });
});
