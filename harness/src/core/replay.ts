import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CampaignOptions } from '../config/types.js';
import { SetupError } from '../errors/SetupError.js';
import { parseResultsFile, type ResultsFile } from '../model/results.js';
import { InvalidFileError } from '../model/validateFile.js';
import { RESULTS_FILE } from '../model/reportFiles.js';

/** What a replay needs from a report: the config of the failing campaign, its seed and the counterexample's path. */
export interface ReplayPlan {
  options: CampaignOptions;
  expectedAnomalies: { kind: string; msgs: string[] }[];
}

/**
 * Reads a report folder (or its results.json) and makes the campaign options
 * that run exactly its shrunk counterexample again.
 *
 * @throws SetupError when the file is missing, unreadable, not a valid results.json (one line naming the field), or has no counterexample.
 * @example
 * const plan = await replayPlan('reports/latest');
 * const result = await runCampaign(resolveConfig(plan.options));
 */
export async function replayPlan(source: string): Promise<ReplayPlan> {
  let file = source;
  try {
    if ((await stat(source)).isDirectory()) file = path.join(source, RESULTS_FILE);
  } catch {
    throw new SetupError(`nothing to replay at ${source}: give a report folder or its ${RESULTS_FILE}`);
  }
  let parsed: ResultsFile;
  try {
    parsed = parseResultsFile(await readFile(file, 'utf8'), file);
  } catch (err) {
    throw new SetupError(err instanceof InvalidFileError ? err.message : `cannot read ${file}: ${(err as Error).message}`);
  }
  if (!parsed.counterexample) {
    throw new SetupError(`${file} has no counterexample to replay: only failing campaigns can be replayed`);
  }
  const { config, counterexample } = parsed;
  return {
    options: {
      ...config,
      // JSON has no Infinity: an unlimited retry count comes back as null.
      retries: config.retries ?? Infinity,
      reporters: config.reporters ?? undefined,
      name: `${config.name}-replay`,
      // A replay runs the one scenario, whichever shard of the campaign found it.
      workers: 1,
      shard: undefined,
      seed: counterexample.seed,
      replay: {
        path: counterexample.path,
        commandsPath: counterexample.commandsPath,
        expected: parsed.anomalies.map((a) => ({ kind: a.kind, msgs: a.msgs })),
      },
      reportsDir: config.reportsDir,
    },
    expectedAnomalies: parsed.anomalies.map((a) => ({ kind: a.kind, msgs: a.msgs })),
  };
}
