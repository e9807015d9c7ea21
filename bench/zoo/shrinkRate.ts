/**
 * How short siochaos shrinks a failure and how often the shrunk
 * counterexample fails again: per bug (or per config) and seed, a campaign,
 * then `--replays` replays of its counterexample, each a fresh run of exactly
 * that scenario. Uses only the public API, so the same script measures an
 * older commit (copy it there) for a before/after comparison.
 *
 *   node --import tsx bench/zoo/shrinkRate.ts --bugs catchup-race,insert-not-awaited --seeds 2
 *   node --import tsx bench/zoo/shrinkRate.ts --config examples/tutorial-chat/siochaos.race.config.json --scenario everything --seeds 2
 *
 * Flags: --seeds K (2), --time S search limit (30), --shrink S shrink limit (30),
 * --replays N (3), --clients N (the config's, or the zoo's 3), --shrink-tries N and
 * --shrink-failures K (the campaign's `shrink`, where the commit has it), --json PATH.
 * Prints one line per run and a table (markdown) on stdout.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../harness/src/config/loadConfigFile.js';
import { loadScenario } from '../../harness/src/generate/loadScenario.js';
import { resolveConfig, runCampaign, type CampaignOptions } from '../../harness/src/index.js';
import { ZOO_CAMPAIGN } from './zooCampaign.js';

interface Measured {
  subject: string;
  seed: number;
  verdict: string;
  shrunkLength: number | null;
  counterexample: string[];
  /** The campaign's own rate, when it reports one (counterexample.reproduction). */
  reported: { failures: number; tries: number } | null;
  /** Invalid replays of the counterexample, of `replays`. */
  replayed: { failures: number; tries: number };
  seconds: number;
}

const { values } = parseArgs({
  options: {
    bugs: { type: 'string' },
    config: { type: 'string' },
    scenario: { type: 'string' },
    seeds: { type: 'string', default: '2' },
    time: { type: 'string', default: '30' },
    shrink: { type: 'string', default: '30' },
    replays: { type: 'string', default: '3' },
    clients: { type: 'string' },
    'shrink-tries': { type: 'string' },
    'shrink-failures': { type: 'string' },
    json: { type: 'string' },
  },
});
const seeds = Number(values.seeds);
const replays = Number(values.replays);
const reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-shrink-rate-'));

/** The campaigns to measure: one per bug of the zoo, or the config given. */
async function subjects(): Promise<{ name: string; options: CampaignOptions }[]> {
  const scenario = await loadScenario(values.scenario ?? 'zoo');
  const clients = values.clients ? { clients: Number(values.clients) } : {};
  if (values.config) {
    const file = path.resolve(values.config);
    const options = await loadConfig(file, path.dirname(file));
    return [{ name: path.basename(file), options: { ...options, scenario, ...clients } }];
  }
  return (values.bugs ?? 'catchup-race').split(',').map((bug) => ({
    name: bug,
    options: { ...ZOO_CAMPAIGN, scenario, target: { kind: 'reference', bugs: [bug] }, ...clients },
  }));
}

const measured: Measured[] = [];
for (const { name, options } of await subjects()) {
  for (let seed = 1; seed <= seeds; seed++) {
    const started = performance.now();
    const shrink = { tries: Number(values['shrink-tries'] ?? 3), failures: Number(values['shrink-failures'] ?? 1) };
    const base = { ...options, shrink, seed, reportsDir, timeLimitMs: Number(values.time) * 1000, shrinkTimeLimitMs: Number(values.shrink) * 1000 };
    const result = await runCampaign(resolveConfig(base));
    const cx = result.counterexample;
    const replayed = { failures: 0, tries: 0 };
    for (let i = 0; cx && i < replays; i++) {
      const again = await runCampaign(resolveConfig({ ...base, name: `${result.config.name}-replay`, replay: { path: cx.path, commandsPath: cx.commandsPath } }));
      replayed.tries++;
      if (again.verdict === 'invalid') replayed.failures++;
    }
    const run: Measured = {
      subject: name,
      seed,
      verdict: result.verdict,
      shrunkLength: cx ? cx.commands.length : null,
      counterexample: cx?.commands ?? [],
      reported: (cx as { reproduction?: Measured['reported'] } | undefined)?.reproduction ?? null,
      replayed,
      seconds: (performance.now() - started) / 1000,
    };
    measured.push(run);
    console.error(
      `${name} seed ${seed}: ${run.verdict}, shrunk to ${run.shrunkLength ?? '-'} steps, replays failed ${replayed.failures}/${replayed.tries}` +
        `${run.reported ? `, reported ${run.reported.failures}/${run.reported.tries}` : ''} (${run.seconds.toFixed(0)} s): ${run.counterexample.join('; ')}`,
    );
  }
}
console.log('| subject | seed | verdict | shrunk steps | replays failed | reported rate |');
console.log('|---|---|---|---|---|---|');
for (const m of measured) {
  console.log(`| ${m.subject} | ${m.seed} | ${m.verdict} | ${m.shrunkLength ?? '-'} | ${m.replayed.failures}/${m.replayed.tries} | ${m.reported ? `${m.reported.failures}/${m.reported.tries}` : '-'} |`);
}
if (values.json) await writeFile(values.json, JSON.stringify(measured, null, 2));
