import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import createDebug from 'debug';
import type { CampaignResult } from '../core/CampaignResult.js';
import { collectCampaign } from './campaignCollector.js';
import type { Reporter } from '../core/Reporter.js';
import type { ReportInput } from './resultsFile.js';

const debug = createDebug('siochaos:reporters');

/**
 * A reporter that writes one file into the report folder when the campaign
 * ends, rendered from what results.json holds and the history (so the same
 * renderer can render an old folder again). `after` runs once the file is
 * written, with its path.
 *
 * @example
 * const txt = fileReporter('txt', 'verdict.txt', ({ results }) => results.verdict + '\n');
 */
export function fileReporter(
  name: string,
  fileName: string,
  render: (input: ReportInput) => string | Promise<string>,
  after?: (file: string, text: string, result: CampaignResult) => void | Promise<void>,
): Reporter {
  const collected = collectCampaign();
  return {
    name,
    onScenarioEnd(summary, result) {
      collected.add(summary, result);
    },
    async onCampaignEnd(result) {
      const started = Date.now();
      const text = await render(collected.inputFor(result));
      const file = path.join(result.reportDir, fileName);
      await writeFile(file, text);
      debug('%s: wrote %s (%d bytes) in %d ms', name, file, Buffer.byteLength(text), Date.now() - started);
      await after?.(file, text, result);
    },
  };
}
