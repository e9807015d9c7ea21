import { fileReporter } from '../fileReporter.js';
import type { Reporter } from '../../core/Reporter.js';
import { renderJunit } from './renderJunit.js';

/** The file name of the JUnit report. */
export const JUNIT_REPORT_FILE = 'junit.xml';

/**
 * Writes `junit.xml` into the report folder for CI systems: a testsuite for
 * the campaign, a testcase per scenario, the anomalies as failure text (see
 * {@link renderJunit}).
 *
 * @example
 * await runCampaign(config, { reporters: [junitReporter()] });
 * // CI: publish reports/latest/junit.xml as test results
 */
export function junitReporter(): Reporter {
  return fileReporter('junit', JUNIT_REPORT_FILE, (input) => renderJunit(input));
}
