import os from 'node:os';
import { listenForInterrupts, wasInterrupted } from './cli/interrupts.js';
import { siochaosCommand } from './commandHint.js';
import type { CampaignOptions } from './config/types.js';
import { SetupError } from './errors/SetupError.js';

// Each command imports what it needs when it runs (Socket.IO, Playwright, esbuild, zod take a
// second or more to load), so that `siochaos --help` prints at once.

const COMMANDS = ['run', 'replay', 'report', 'merge', 'doctor', 'init', 'setup'];

async function run(args: string[], signal: AbortSignal): Promise<number> {
  const [{ parseRunArgs }, { loadConfig }, { campaignCommand }, { loadScenario }, { mergeRunOptions }] = await Promise.all([
    import('./cli/runArgs.js'),
    import('./config/loadConfigFile.js'),
    import('./cli/campaignCommand.js'),
    import('./generate/loadScenario.js'),
    import('./cli/mergeRunOptions.js'),
  ]);
  const parsed = parseRunArgs(args);
  // Defaults, then the config file, then the command line (whose target flags change the file's target).
  const options: CampaignOptions = mergeRunOptions(await loadConfig(parsed.configFile, process.cwd()), parsed.options);
  if (parsed.scenarios.length === 0) return campaignCommand(options, signal);
  let worst = 0;
  for (const name of parsed.scenarios) {
    const scenario = await loadScenario(name);
    worst = Math.max(worst, await campaignCommand({ ...options, scenario, name: options.name ?? scenario.name }, signal));
    if (wasInterrupted()) break;
  }
  return worst;
}

async function doctor(args: string[]): Promise<number> {
  const [{ loadConfig }, { resolveConfig }, { runDoctor }] = await Promise.all([
    import('./config/loadConfigFile.js'),
    import('./config/resolveConfig.js'),
    import('./core/doctor.js'),
  ]);
  const configIndex = args.indexOf('--config');
  const options = await loadConfig(configIndex >= 0 ? args[configIndex + 1] : undefined, process.cwd());
  const checks = await runDoctor(resolveConfig(options), (check) =>
    console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`),
  );
  const failed = checks.find((c) => !c.ok);
  if (failed) console.log(`\nfix "${failed.name}" first, then run ${siochaosCommand('doctor')} again`);
  return failed ? 2 : 0;
}

async function setup(): Promise<number> {
  const { provisionAll } = await import('./provision/setup.js');
  await provisionAll((line) => console.log(`siochaos setup: ${line}`));
  return 0;
}

/**
 * The command line: parses the arguments, calls the library, returns the exit code.
 * Bad input ends in one clear line and exit code 2, never a stack trace.
 * `earlySignals` are the SIGINT/SIGTERM that came while the sources loaded:
 * `run` and `replay` still write a report (verdict `unknown`, exit 2), the
 * other commands exit 130 as Ctrl-C would have made them.
 *
 * @example
 * process.exitCode = await main(['run', '--seed', '42']);
 */
export async function main(argv: string[], earlySignals: readonly NodeJS.Signals[] = []): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'run' && command !== 'replay') {
    if (earlySignals.length > 0) return 130;
    // The other commands end at once on Ctrl-C, as they would without the listener that kept earlySignals.
    const exit = (signal: NodeJS.Signals) => process.exit(128 + (os.constants.signals[signal] ?? 0));
    process.on('SIGINT', exit);
    process.on('SIGTERM', exit);
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const { helpText } = await import('./cli/help.js');
    console.log(await helpText(command === 'help' ? rest[0] : undefined));
    return command === undefined ? 2 : 0;
  }
  if (COMMANDS.includes(command) && (rest.includes('--help') || rest.includes('-h'))) {
    const { helpText } = await import('./cli/help.js');
    console.log(await helpText(command));
    return 0;
  }
  try {
    switch (command) {
      case 'run':
        return await run(rest, listenForInterrupts(earlySignals));
      case 'replay':
        return await (await import('./cli/replayCommand.js')).replayCommand(rest, listenForInterrupts(earlySignals));
      case 'report': {
        if (!rest[0]) throw new SetupError(`report needs a report folder: ${siochaosCommand('report reports/latest')}`);
        const { renderReport } = await import('./reporters/renderReport.js');
        const files = await renderReport(rest[0]).catch((err: Error) => {
          throw new SetupError(err.message);
        });
        for (const file of Object.values(files)) console.log(`wrote ${file}`);
        return 0;
      }
      case 'merge':
        return await (await import('./cli/mergeCommand.js')).mergeCommand(rest);
      case 'doctor':
        return await doctor(rest);
      case 'init': {
        const { writeStarterConfig } = await import('./config/init.js');
        const file = await writeStarterConfig(process.cwd(), rest.includes('--force'));
        console.log(`siochaos init: wrote ${file}; edit it, then run ${siochaosCommand('doctor')} and ${siochaosCommand('run')}`);
        return 0;
      }
      case 'setup':
        return await setup();
      default:
        throw new SetupError(`unknown command "${command}": use ${COMMANDS.join(', ')} (siochaos --help)`);
    }
  } catch (err) {
    if (err instanceof SetupError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`siochaos: ${(err as Error).message}`);
      return 2;
    }
    throw err;
  }
}
