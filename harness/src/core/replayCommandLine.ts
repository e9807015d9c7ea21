/**
 * The command line that replays the counterexample stored in a report folder.
 *
 * @example
 * replayCommandLine('reports/default/2026-11-25T19-40-00-000Z'); // 'npx siochaos replay reports/default/…'
 */
export function replayCommandLine(reportDir: string): string {
  const relative = reportDir.startsWith(process.cwd() + '/') ? reportDir.slice(process.cwd().length + 1) : reportDir;
  return `npx siochaos replay ${relative}`;
}
