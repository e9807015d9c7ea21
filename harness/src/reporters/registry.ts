import { consoleReporter } from './consoleReporter.js';
import { htmlReporter } from './html/htmlReporter.js';
import { jsonReporter } from './jsonReporter.js';
import { junitReporter } from './junit/junitReporter.js';
import { loadReporterModule } from './loadReporterModule.js';
import { markdownReporter } from './markdown/markdownReporter.js';
import type { Reporter } from '../core/Reporter.js';

/** Makes a fresh reporter for one campaign. */
export type ReporterFactory = () => Reporter;

/**
 * The built-in reporters, by name.
 *
 * @example
 * const reporter = reporters.junit();
 */
export const reporters = {
  console: () => consoleReporter(),
  json: () => jsonReporter(),
  html: () => htmlReporter(),
  junit: () => junitReporter(),
  markdown: () => markdownReporter(),
} satisfies Record<string, ReporterFactory>;

/** The name of a built-in reporter. */
export type ReporterName = keyof typeof reporters;

/** The names of the built-in reporters, for help texts and errors. */
export const reporterNames = Object.keys(reporters) as ReporterName[];

/**
 * The reporters a campaign uses when none are chosen: all of them. The file
 * reporters come first, so the console's last words can point at report.html.
 *
 * @example
 * await runCampaign(config, { reporters: reportersByName(defaultReporterNames) });
 */
export const defaultReporterNames: readonly ReporterName[] = ['json', 'html', 'junit', 'markdown', 'console'];

/**
 * Fresh reporters by name, built-in or from `extra`.
 *
 * @throws Error listing the valid names when a name is unknown.
 * @example
 * reportersByName(['console', 'junit']);
 * reportersByName(['console', 'slack'], { slack: () => slackReporter(webhook) });
 */
export function reportersByName(names: readonly string[], extra: Record<string, ReporterFactory> = {}): Reporter[] {
  const all: Record<string, ReporterFactory> = { ...reporters, ...extra };
  return names.map((name) => {
    const factory = Object.hasOwn(all, name) ? all[name] : undefined;
    if (!factory) {
      throw new Error(`unknown reporter "${name}": use one of ${Object.keys(all).join(', ')}, or a path to a reporter module (./my-reporter.js)`);
    }
    return factory();
  });
}

/**
 * Whether a reporter choice names a module file rather than a registered reporter.
 *
 * @example
 * isReporterPath('./slack.js'); // true
 * isReporterPath('junit');      // false
 */
export function isReporterPath(choice: string): boolean {
  return /[\\/]/.test(choice) || /\.(m|c)?[jt]s$/.test(choice);
}

/**
 * Reporters from a command line's choices: registered names, or paths of
 * reporter modules (see {@link loadReporterModule}), in the order given.
 *
 * @throws Error naming an unknown reporter or a module that cannot be used.
 * @example
 * const chosen = await resolveReporters(['console', 'junit', './reporters/slack.js']);
 */
export async function resolveReporters(choices: readonly string[], extra: Record<string, ReporterFactory> = {}, cwd = process.cwd()): Promise<Reporter[]> {
  const out: Reporter[] = [];
  for (const choice of choices) {
    if (isReporterPath(choice)) out.push(await loadReporterModule(choice, cwd));
    else out.push(...reportersByName([choice], extra));
  }
  return out;
}
