import type { CampaignOptions, ReferenceTargetConfig, TargetConfig } from '../config/types.js';
import { commandTargetSchema } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';

/** The target settings `siochaos run` takes on its command line, as its reference target names them. */
const TARGET_FLAGS = { bugs: '--bug', nodes: '--nodes', adapter: '--adapter', balancer: '--balancer' } as const;

/** The settings of a command target the same flags may change (a command target has no planted bugs). */
const COMMAND_TARGET_FIELDS = ['nodes', 'adapter', 'balancer'] as const;

/**
 * The options of `siochaos run`: the config file's, then the command line's
 * over them. Two of them are merged, not replaced:
 * - the target: `--bug`, `--nodes`, `--adapter` and `--balancer` change the
 *   file's target. A config naming your server (a command target) takes
 *   `--nodes`, `--adapter` and `--balancer`; `--bug`, which plants a bug in
 *   the reference server, is refused there, as is any of them for a target
 *   reached by URL. Replacing the file's target would have tested the
 *   reference server instead of yours, and called it valid;
 * - `shrink`: `--shrink-tries` leaves the file's `failures` as it is, and
 *   the other way round.
 *
 * @throws SetupError when a flag does not apply to the config's target, or
 * gives it a value its schema refuses (checked as the file was).
 * @example
 * mergeRunOptions({ target: { kind: 'command', command: ['node', 'server.js'], env: { PORT: '{port}' } } }, { target: { kind: 'reference', nodes: 3, balancer: 'roaming' } });
 * // { target: { kind: 'command', command: ['node', 'server.js'], env: { PORT: '{port}' }, nodes: 3, balancer: 'roaming' } }
 */
export function mergeRunOptions(fromFile: CampaignOptions, fromCommandLine: CampaignOptions): CampaignOptions {
  const merged: CampaignOptions = { ...fromFile, ...fromCommandLine };
  if (fromFile.target && fromCommandLine.target) merged.target = withTargetFlags(fromFile.target, fromCommandLine.target as ReferenceTargetConfig);
  if (fromFile.shrink && fromCommandLine.shrink) merged.shrink = { ...fromFile.shrink, ...fromCommandLine.shrink };
  return merged;
}

/** The config file's target changed by the command line's target flags (parsed as a reference target: only the flags given are set). */
function withTargetFlags(fromFile: TargetConfig, flags: ReferenceTargetConfig): TargetConfig {
  const given = (Object.keys(TARGET_FLAGS) as (keyof typeof TARGET_FLAGS)[]).filter((field) => flags[field] !== undefined);
  const names = given.map((field) => TARGET_FLAGS[field]).join(', ');
  switch (fromFile.kind) {
    case 'reference':
      return { ...fromFile, ...flags };
    case 'url':
      throw new SetupError(
        `${names} change a target siochaos starts, but the config's target is the server at ${fromFile.url}: drop ${names}, or run without that config to test the reference server`,
      );
    case 'command': {
      if (flags.bugs !== undefined) {
        throw new SetupError(
          `--bug plants a bug in the reference server, but the config's target is your own server (\`${fromFile.command.join(' ')}\`): drop --bug, or run without that config to test the reference server`,
        );
      }
      const changed: Partial<Record<(typeof COMMAND_TARGET_FIELDS)[number], unknown>> = {};
      for (const field of COMMAND_TARGET_FIELDS) if (flags[field] !== undefined) changed[field] = flags[field];
      // Checked as the config file was: the values, and what they need of the command ({port}, {ports}, nodes).
      const checked = commandTargetSchema.safeParse({ ...fromFile, ...changed });
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        throw new SetupError(`the config's target \`${fromFile.command.join(' ')}\` with ${names}: ${issue.path.join('.') || 'target'}: ${issue.message}`);
      }
      return checked.data;
    }
  }
}
