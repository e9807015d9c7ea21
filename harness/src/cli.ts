import { parseArgs } from 'node:util';
import type { TransportMode } from './clients/ChaosClient.js';
import { strategyNames } from './clients/strategies/registry.js';
import { resolveConfig } from './config/resolveConfig.js';
import type { CampaignOptions } from './config/types.js';
import { exitCodeOf } from './core/exitCode.js';
import { replayPlan } from './core/replay.js';
import { runCampaign } from './core/runCampaign.js';
import { SetupError } from './errors/SetupError.js';
import { consoleReporter } from './reporters/consoleReporter.js';
import { jsonReporter } from './reporters/jsonReporter.js';
import { ensureToxiproxyBinary } from './toxiproxy/provide.js';
import { parseDuration } from './cli/parseDuration.js';
import { builtinScenarioNames, loadScenario } from './generate/loadScenario.js';
import { loadConfig } from './config/loadConfigFile.js';
import { writeStarterConfig } from './config/init.js';

const HELP = `siochaos: fault-injection tests of Socket.IO delivery guarantees

usage:
  siochaos run [scenario...] [options]
                                run a campaign per scenario (default scenario: mid-emit cuts,
                                lost acks and resets against the reference server, about 30 s)
  siochaos replay <report>      run a report's shrunk counterexample again
  siochaos setup                make sure toxiproxy-server is there (builds it with Go if not)
  siochaos init                 write a commented starter siochaos.config.ts

run options:
  --seed N          fast-check seed (random and printed when not given)
  --runs N          the most scenarios to run (default 1000)
  --time D          time to search for a failure: 30s, 2m, 500ms (default 30s)
  --clients N       clients per scenario (default 3)
  --strategy S      ${strategyNames.join(' | ')} (default queued-retry)
  --retries N       retries of a message, -1 for unlimited (default -1)
  --ack-timeout D   how long to wait for an ack (default 1s)
  --transport T     websocket | polling | upgrade | any (default websocket, or the scenario's)
  --max-commands N  the longest scenario (default 15)
  --bug NAME        switch on a planted bug of the reference server (repeatable)
  --name NAME       the campaign's name, used for its report folder (default "default")
  --reports DIR     where report folders go (default ./reports)
  --all-histories   keep the history of every scenario
  --config FILE     the config file (default: siochaos.config.{ts,js,mjs,json} in this folder)

scenarios: ${builtinScenarioNames().join(', ')} (or the path of a scenario file)

exit codes: 0 valid, 1 anomalies found (invalid), 2 could not decide (setup failed, interrupted)
environment: TOXIPROXY_URL uses a running Toxiproxy; DEBUG=siochaos:* logs what happens`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new SetupError(`--${name} takes a whole number, got "${value}" (for example --${name} 3)`);
  return n;
}

function runOptions(args: string[]): { options: CampaignOptions; scenarios: string[]; configFile: string | undefined } {
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
      bug: { type: 'string', multiple: true },
      name: { type: 'string' },
      reports: { type: 'string' },
      'all-histories': { type: 'boolean' },
      config: { type: 'string' },
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
    ...(values.bug ? { target: { kind: 'reference' as const, bugs: values.bug } } : {}),
  };
  if (values.time) options.timeLimitMs = parseDuration('time', values.time);
  if (values['ack-timeout']) options.ackTimeoutMs = parseDuration('ack-timeout', values['ack-timeout']);
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as CampaignOptions;
  return { options: defined, scenarios: positionals, configFile: values.config };
}

async function runScenarios(args: string[]): Promise<number> {
  const parsed = runOptions(args);
  // Defaults, then the config file, then the command line.
  const options: CampaignOptions = { ...(await loadConfig(parsed.configFile, process.cwd())), ...parsed.options };
  const { scenarios } = parsed;
  if (scenarios.length === 0) return campaign(options);
  let worst = 0;
  for (const name of scenarios) {
    const scenario = await loadScenario(name);
    const code = await campaign({ ...options, scenario, name: options.name ?? scenario.name });
    worst = Math.max(worst, code);
    if (code === 2 && interrupted) break;
  }
  return worst;
}

let interrupted = false;

async function campaign(options: CampaignOptions): Promise<number> {
  const config = resolveConfig(options);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    interrupted = true;
    if (interrupts === 1) {
      console.error(`\n${signal}: stopping after the current step and writing the report (again to stop at once)`);
      controller.abort();
    } else {
      process.exit(2);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runCampaign(config, { reporters: [consoleReporter(), jsonReporter()], signal: controller.signal });
    return exitCodeOf(result.verdict);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * The command line: parses the arguments, calls the library, returns the exit code.
 *
 * @example
 * process.exitCode = await main(['run', '--seed', '42']);
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runScenarios(rest);
      case 'replay': {
        if (!rest[0]) throw new SetupError('replay needs a report folder: siochaos replay reports/latest');
        const plan = await replayPlan(rest[0]);
        return await campaign(plan.options);
      }
      case 'setup': {
        if (process.env.TOXIPROXY_URL) {
          console.log(`siochaos setup: using TOXIPROXY_URL=${process.env.TOXIPROXY_URL}`);
          return 0;
        }
        const binary = await ensureToxiproxyBinary({ progress: (line) => console.log(`siochaos setup: ${line}`) });
        console.log(`siochaos setup: toxiproxy-server ready at ${binary}`);
        return 0;
      }
      case 'init': {
        const file = await writeStarterConfig(process.cwd(), rest.includes('--force'));
        console.log(`siochaos init: wrote ${file}; edit it, then run npx siochaos run`);
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new SetupError(`unknown command "${command}": use run, replay or setup (siochaos --help)`);
    }
  } catch (err) {
    if (err instanceof SetupError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`siochaos: ${(err as Error).message}`);
      return 2;
    }
    throw err;
  }
}
