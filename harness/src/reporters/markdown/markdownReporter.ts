import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { fileReporter } from '../fileReporter.js';
import type { Reporter } from '../../core/Reporter.js';
import { renderMarkdown } from './renderMarkdown.js';

/** The file name of the Markdown summary. */
export const MARKDOWN_REPORT_FILE = 'summary.md';

/** Options of {@link markdownReporter}. */
export interface MarkdownReporterOptions {
  /** Where `GITHUB_STEP_SUMMARY` is read from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/**
 * Appends a summary to the GitHub Actions job summary file, when there is one.
 *
 * @returns whether it appended.
 * @example
 * await appendStepSummary(markdown); // true inside a GitHub Actions step
 */
export async function appendStepSummary(markdown: string, env: Record<string, string | undefined> = process.env): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`);
  return true;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Writes `summary.md` into the report folder (see {@link renderMarkdown}) and,
 * when `GITHUB_STEP_SUMMARY` is set, appends it to that file so it shows on
 * the GitHub Actions run page.
 *
 * @example
 * await runCampaign(config, { reporters: [markdownReporter()] });
 */
export function markdownReporter(options: MarkdownReporterOptions = {}): Reporter {
  let htmlPath = 'report.html';
  const base = fileReporter(
    'markdown',
    MARKDOWN_REPORT_FILE,
    (input) => renderMarkdown(input, { htmlPath }),
    async (_file, text) => {
      await appendStepSummary(text, options.env ?? process.env);
    },
  );
  return {
    ...base,
    name: 'markdown',
    onCampaignStart(_config, reportDir) {
      htmlPath = displayPath(path.join(reportDir, 'report.html'));
    },
  };
}
