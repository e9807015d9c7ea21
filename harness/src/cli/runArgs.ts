import { parseArgs } from 'node:util';
import type { TransportMode } from '../model/transport.js';
import type { CampaignOptions, ReferenceTargetConfig } from '../config/types.js';
import { SetupError } from '../errors/SetupError.js';
import { parseDuration } from '../util/parseDuration.js';
import { parseShard } from '../config/shard.js';

/** What `siochaos run` was asked for. */
export interface RunArgs {
  options: CampaignOptions;
  scenarios: string[];
  configFile: string | undefined;
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new SetupError(`--${name} takes a whole number, got "${value}" (for example --${name} 3)`);
  return n;
}

/**
 * The reference target the command line names (`--bug`, `--nodes`, `--adapter`,
 * `--balancer`), when it names one; resolveConfig checks the values.
 */
function referenceTarget(values: { bug?: string[]; nodes?: string; adapter?: string; balancer?: string }): Pick<CampaignOptions, 'target'> {
  const { bug, adapter, balancer } = values;
  const nodes = integer('nodes', values.nodes);
  if (!bug && nodes === undefined && adapter === undefined && balancer === undefined) return {};
  const target = { kind: 'reference' as const, bugs: bug, nodes, adapter, balancer } as ReferenceTargetConfig;
  return { target: Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined)) as ReferenceTargetConfig };
}

/**
 * Parses the arguments of `siochaos run` into campaign options (only those given).
 *
 * @throws SetupError on an unknown option or a bad value.
 * @example
 * parseRunArgs(['mid-emit-cut', '--seed', '7']); // { options: { seed: 7 }, scenarios: ['mid-emit-cut'], configFile: undefined }
 */
export function parseRunArgs(args: string[]): RunArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      time: { type: 'string' },
      clients: { type: 'string' },
      strategy: { type: 'string' },
      retries: { type: 'string' },
      'ack-timeout': { type: 'string' },
      transport: { type: 'string' },
      'max-commands': { type: 'string' },
      'shrink-tries': { type: 'string' },
      'shrink-failures': { type: 'string' },
      'shrink-time': { type: 'string' },
      bug: { type: 'string', multiple: true },
      nodes: { type: 'string' },
      adapter: { type: 'string' },
      balancer: { type: 'string' },
      reporter: { type: 'string', multiple: true },
      name: { type: 'string' },
      reports: { type: 'string' },
      'all-histories': { type: 'boolean' },
      config: { type: 'string' },
      workers: { type: 'string' },
      shard: { type: 'string' },
    },
  });
  const options: CampaignOptions = {
    seed: integer('seed', values.seed),
    runs: integer('runs', values.runs),
    clients: integer('clients', values.clients),
    retries: integer('retries', values.retries),
    maxCommands: integer('max-commands', values['max-commands']),
    strategy: values.strategy,
    transport: values.transport as TransportMode | 'any' | undefined,
    name: values.name,
    reportsDir: values.reports,
    keepAllHistories: values['all-histories'],
    reporters: values.reporter,
    workers: integer('workers', values.workers),
    ...(values.shard !== undefined ? { shard: parseShard(values.shard) } : {}),
    ...referenceTarget(values),
  };
  const shrink = { tries: integer('shrink-tries', values['shrink-tries']), failures: integer('shrink-failures', values['shrink-failures']) };
  if (shrink.tries !== undefined || shrink.failures !== undefined) {
    options.shrink = Object.fromEntries(Object.entries(shrink).filter(([, v]) => v !== undefined));
  }
  if (values.time) options.timeLimitMs = parseDuration('time', values.time);
  if (values['shrink-time']) options.shrinkTimeLimitMs = parseDuration('shrink-time', values['shrink-time']);
  if (values['ack-timeout']) options.ackTimeoutMs = parseDuration('ack-timeout', values['ack-timeout']);
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as CampaignOptions;
  return { options: defined, scenarios: positionals, configFile: values.config };
}
