import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { siochaosCommand } from '../commandHint.js';
import { historyEventSchema } from '../model/history.js';
import { parseResultsFile } from '../model/results.js';
import { parseJsonLines } from '../model/validateFile.js';
import { RESULTS_FILE, type ReportInput } from './resultsFile.js';

export type { ReportInput };

/**
 * Reads a report folder's results.json and its history (history.jsonl, or
 * none when the file is missing).
 *
 * @throws Error saying which file is missing or unreadable and what to do;
 *   InvalidFileError (one line naming the file, the line and the field) when
 *   results.json or a history line is not what siochaos writes.
 * @example
 * const { results, history } = await readReportFolder('reports/latest');
 */
export async function readReportFolder(reportDir: string): Promise<ReportInput> {
  const file = path.join(reportDir, RESULTS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): give a report folder written by \`${siochaosCommand('run')}\``);
  }
  const results = parseResultsFile(text, file);
  const historyPath = path.join(reportDir, path.basename(results.historyFile));
  let historyText: string;
  try {
    historyText = await readFile(historyPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${historyPath}: ${(err as Error).message}`);
    return { results, history: [] };
  }
  return { results, history: parseJsonLines(historyEventSchema, historyText, historyPath) };
}
