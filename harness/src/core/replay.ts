import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { browserSchema, databaseSchema, protocolSchema, storeSchema, targetSchema, textsSchema } from '../model/config.js';
import type { CampaignOptions } from '../config/types.js';
import { SetupError } from '../errors/SetupError.js';
import { parseResultsFile, type ResultsFile } from '../model/results.js';
import { checkValue, InvalidFileError } from '../model/validateFile.js';
import { RESULTS_FILE } from '../model/reportFiles.js';

/**
 * The parts of results.json's config a replay hands on to the campaign, as the
 * config file's schema has them (results.json's own schema keeps them as written).
 */
const replayedSchema = z.object({
  config: z.looseObject({
    target: targetSchema,
    protocol: protocolSchema.optional(),
    store: storeSchema.optional(),
    database: databaseSchema.optional(),
    browser: browserSchema.optional(),
    texts: textsSchema.optional(),
  }),
});

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
  const { counterexample } = parsed;
  let replayed: z.output<typeof replayedSchema>;
  try {
    replayed = checkValue(replayedSchema, parsed, file);
  } catch (err) {
    throw new SetupError((err as Error).message);
  }
  const config = { ...parsed.config, ...replayed.config };
  return {
    options: {
      ...config,
      // JSON has no Infinity: an unlimited retry count comes back as null.
      retries: config.retries ?? Infinity,
      reporters: config.reporters ?? undefined,
      name: `${config.name}-replay`,
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
