import type { CampaignResult, ScenarioSummary } from '../core/CampaignResult.js';
import type { Reporter } from './Reporter.js';

/** Where the console reporter writes; stdout by default. */
export type Writer = (line: string) => void;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Prints a line per scenario while the campaign runs, and a short summary at
 * the end: the verdict, the seed, the anomalies, the shrunk counterexample and
 * where the report is.
 *
 * @example
 * await runCampaign(config, { reporters: [consoleReporter()] });
 */
export function consoleReporter(write: Writer = (line) => process.stdout.write(line + '\n')): Reporter {
  return {
    name: 'console',
    onCampaignStart(config, reportDir) {
      write(
        `siochaos: campaign ${config.name}, seed ${config.seed}, ${config.clients} clients, strategy ${config.strategy}` +
          `, up to ${config.runs} scenarios in ${seconds(config.timeLimitMs)}` +
          (config.target.bugs?.length ? `, bugs: ${config.target.bugs.join(', ')}` : ''),
      );
      write(`report folder: ${reportDir}`);
    },
    onScenarioEnd(summary: ScenarioSummary) {
      const f = summary.figures;
      write(
        `${summary.phase === 'shrink' ? 'shrink' : 'scenario'} ${summary.index}: ${summary.verdict}` +
          ` (${summary.commands.length} commands, ${f.sent} sent, ${f.stored} stored, ${f.faults} faults, ${seconds(summary.durationMs)})` +
          (summary.anomalies ? `, ${summary.anomalies} anomalies` : '') +
          (summary.error ? `: ${summary.error}` : ''),
      );
    },
    onShrinkStart() {
      write('found a failure: shrinking it to the smallest scenario that still fails');
    },
    onCampaignEnd(result: CampaignResult) {
      const f = result.figures;
      write('');
      write(
        `verdict: ${result.verdict}${result.interrupted ? ' (interrupted)' : ''}` +
          ` — ${f.scenarios} scenarios (${f.valid} valid, ${f.invalid} invalid, ${f.unknown} unknown), ` +
          `${f.messagesSent} messages sent, ${f.messagesStored} stored, seed ${result.seed}`,
      );
      if (result.error) write(`could not decide: ${result.error}`);
      for (const anomaly of result.anomalies.slice(0, 10)) write(`  ${anomaly.kind}: ${anomaly.description}`);
      if (result.anomalies.length > 10) write(`  … and ${result.anomalies.length - 10} more`);
      if (result.counterexample) {
        write(`shrunk counterexample (${result.counterexample.commands.length} steps):`);
        result.counterexample.commands.forEach((command, i) => write(`  ${i + 1}. ${command}`));
        write(`replay: ${result.counterexample.replayCommand}`);
      }
      for (const unknown of result.unknowns.slice(0, 3)) write(`  scenario ${unknown.index} undecided: ${unknown.reason}`);
      write(`report: ${result.reportDir}/results.json`);
    },
  };
}
