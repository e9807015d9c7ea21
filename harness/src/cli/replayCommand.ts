import { parseArgs } from 'node:util';
import { exitCodeOf } from '../core/exitCode.js';
import { repeatReplay, reproducedLine } from '../core/repeatReplay.js';
import { siochaosCommand } from '../commandHint.js';
import { replayPlan } from '../core/replay.js';
import { SetupError } from '../errors/SetupError.js';
import { campaignCommandResult } from './campaignCommand.js';
import { wasInterrupted } from './interrupts.js';

/**
 * `siochaos replay <report> [--repeat N]`: runs the report's counterexample
 * (one scenario) N times (default 1), each with its own report folder, and
 * prints `reproduced k of N`. Exit code: 1 when any replay found an anomaly
 * (the report's or another), else 2 when any could not decide, else 0.
 *
 * @example
 * process.exitCode = await replayCommand(['reports/latest', '--repeat', '3'], listenForInterrupts());
 */
export async function replayCommand(args: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { repeat: { type: 'string' } } });
  const source = positionals[0];
  if (!source) throw new SetupError(`replay needs a report folder: ${siochaosCommand('replay reports/latest')}`);
  const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) {
    throw new SetupError(`--repeat takes a whole number of at least 1, got "${values.repeat}" (for example --repeat 10)`);
  }
  const plan = await replayPlan(source);
  const series = await repeatReplay(
    plan,
    repeat,
    (options, attempt) => campaignCommandResult(repeat > 1 ? { ...options, name: `${options.name}-${attempt}` } : options, signal),
    wasInterrupted,
  );
  console.log(reproducedLine(series));
  return exitCodeOf(series.verdict);
}
