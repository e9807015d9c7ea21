import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDuration } from '../util/parseDuration.js';
import { siochaosCommand } from '../commandHint.js';
import { SetupError } from '../errors/SetupError.js';
import { loadScenario } from '../generate/loadScenario.js';
import { formatIssues } from './formatIssues.js';
import { parseShard } from './shard.js';
import { importConfigModule } from './importConfigModule.js';
import { configSchema, type SiochaosConfig } from '../model/config.js';
import type { CampaignOptions } from './types.js';

/** The names siochaos looks for, in order, when no `--config` is given. */
export const CONFIG_FILE_NAMES = ['siochaos.config.ts', 'siochaos.config.js', 'siochaos.config.mjs', 'siochaos.config.json'];

/**
 * Finds the config file: the one given, else the first of {@link CONFIG_FILE_NAMES} in `dir`.
 *
 * @returns its absolute path, or undefined when none was given and none exists.
 * @throws SetupError when the given file does not exist.
 * @example
 * findConfigFile(undefined, process.cwd()); // '/app/siochaos.config.ts'
 */
export function findConfigFile(given: string | undefined, dir: string): string | undefined {
  if (given) {
    const file = path.resolve(dir, given);
    if (!existsSync(file)) throw new SetupError(`config file ${given} not found: check the path, or run \`${siochaosCommand('init')}\` to write one`);
    return file;
  }
  return CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).find((file) => existsSync(file));
}

/**
 * Reads and validates a config file (TypeScript, JavaScript or JSON).
 *
 * @throws SetupError with one line per problem: the field, what was wrong, and an example.
 * @example
 * const config = await readConfigFile('siochaos.config.json');
 */
export async function readConfigFile(file: string): Promise<SiochaosConfig> {
  const source = path.basename(file);
  let raw: unknown;
  try {
    if (file.endsWith('.json')) {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } else {
      const loaded = (await importConfigModule(file)) as { default?: unknown };
      raw = loaded.default;
      if (raw === undefined) throw new Error('it has no default export: export default defineConfig({ ... })');
    }
  } catch (err) {
    throw new SetupError(`cannot read ${source}: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SetupError(`invalid config:\n  ${formatIssues(configSchema, parsed.error.issues, source, raw).join('\n  ')}`);
  }
  return parsed.data;
}

/**
 * Turns a validated config file into campaign options; paths in it are taken
 * relative to the file's folder.
 *
 * @example
 * const options = await configToOptions(config, '/app');
 */
export async function configToOptions(config: SiochaosConfig, dir: string): Promise<CampaignOptions> {
  const duration = (field: string, value: string | number | undefined) =>
    value === undefined ? undefined : typeof value === 'number' ? value : parseDuration(field, value);
  const target = config.target?.kind === 'command' ? { ...config.target, cwd: path.resolve(dir, config.target.cwd ?? '.') } : config.target;
  const options: CampaignOptions = {
    name: config.name,
    seed: config.seed,
    runs: config.runs,
    timeLimitMs: duration('time', config.time),
    clients: config.clients,
    strategy: config.strategy,
    retries: config.retries,
    ackTimeoutMs: duration('ackTimeout', config.ackTimeout),
    transport: config.transport,
    maxCommands: config.maxCommands,
    scenario: config.scenario ? await loadScenario(config.scenario) : undefined,
    target,
    protocol: config.protocol?.module ? { ...config.protocol, module: path.resolve(dir, config.protocol.module) } : config.protocol,
    store: config.store,
    database: config.database,
    browser: config.browser,
    texts: config.texts,
    reporters: config.reporters,
    shrink: shrinkJudgementOf(config.shrink),
    shrinkTimeLimitMs: duration('shrink.time', config.shrink?.time),
    reportsDir: config.reportsDir ? path.resolve(dir, config.reportsDir) : undefined,
    workers: config.workers,
    shard: config.shard === undefined ? undefined : parseShard(config.shard),
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as CampaignOptions;
}

/** The config's `shrink` without its `time` (a budget of its own, `shrinkTimeLimitMs`); undefined when it says neither tries nor failures. */
function shrinkJudgementOf(shrink: SiochaosConfig['shrink']): CampaignOptions['shrink'] {
  if (!shrink) return undefined;
  const { time: _time, ...judgement } = shrink;
  return Object.keys(judgement).length > 0 ? judgement : undefined;
}

/**
 * Finds, reads and validates the config file and returns its campaign options
 * (empty when there is no file).
 *
 * @example
 * const options = await loadConfig(argv.config, process.cwd());
 */
export async function loadConfig(given: string | undefined, dir: string): Promise<CampaignOptions> {
  const file = findConfigFile(given, dir);
  if (!file) return {};
  return configToOptions(await readConfigFile(file), path.dirname(file));
}
