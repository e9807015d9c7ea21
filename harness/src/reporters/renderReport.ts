import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HTML_REPORT_FILE } from './html/htmlReporter.js';
import { renderHtmlReport } from './html/renderHtml.js';
import { JUNIT_REPORT_FILE } from './junit/junitReporter.js';
import { renderJunit } from './junit/renderJunit.js';
import { appendStepSummary, MARKDOWN_REPORT_FILE } from './markdown/markdownReporter.js';
import { renderMarkdown } from './markdown/renderMarkdown.js';
import { readReportFolder } from './readReportFolder.js';

/** Options of {@link renderReport}. */
export interface RenderReportOptions {
  /** Also append summary.md to `GITHUB_STEP_SUMMARY` when it is set (default false). */
  stepSummary?: boolean;
  env?: Record<string, string | undefined>;
}

/** The files {@link renderReport} wrote. */
export interface RenderedReport {
  html: string;
  junit: string;
  markdown: string;
}

/**
 * Renders report.html, junit.xml and summary.md again from a report folder's
 * results.json and history.jsonl (for `siochaos report <folder>`, or after
 * upgrading siochaos).
 *
 * @throws Error when the folder has no readable results.json, saying what to do.
 * @example
 * const { html } = await renderReport('reports/latest');
 * console.log(`open ${html}`);
 */
export async function renderReport(reportDir: string, options: RenderReportOptions = {}): Promise<RenderedReport> {
  const input = await readReportFolder(reportDir);
  const files: RenderedReport = {
    html: path.join(reportDir, HTML_REPORT_FILE),
    junit: path.join(reportDir, JUNIT_REPORT_FILE),
    markdown: path.join(reportDir, MARKDOWN_REPORT_FILE),
  };
  const markdown = renderMarkdown(input, { htmlPath: files.html });
  await writeFile(files.html, renderHtmlReport(input));
  await writeFile(files.junit, renderJunit(input));
  await writeFile(files.markdown, markdown);
  if (options.stepSummary) await appendStepSummary(markdown, options.env ?? process.env);
  return files;
}
