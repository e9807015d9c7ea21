import { fileReporter } from '../fileReporter.js';
import type { Reporter } from '../../core/Reporter.js';
import { renderHtmlReport } from './renderHtml.js';

/** The file name of the HTML report. */
export const HTML_REPORT_FILE = 'report.html';

/**
 * Writes `report.html` into the report folder: one self-contained page with
 * the verdict in words, the anomalies and their stories, a timeline of the
 * failing scenario, latency and recovery charts, the shrunk counterexample and
 * the campaign's figures.
 *
 * @example
 * await runCampaign(config, { reporters: [jsonReporter(), htmlReporter()] });
 */
export function htmlReporter(): Reporter {
  return fileReporter('html', HTML_REPORT_FILE, (input) => renderHtmlReport(input));
}
