import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { siochaosCommand } from '../commandHint.js';
import { RESULTS_VERSION } from '../core/CampaignResult.js';
import type { HistoryEvent } from '../history/events.js';
import { parseJsonl } from '../history/jsonl.js';
import { HISTORY_FILE, RESULTS_FILE, type ReportInput, type ResultsFile } from './resultsFile.js';

export type { ReportInput };

/**
 * Reads a report folder's results.json and its history (history.jsonl, or
 * none when the file is missing).
 *
 * @throws Error saying which file is missing or unreadable and what to do.
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not JSON (${(err as Error).message}): run the campaign again to rewrite it`);
  }
  const results = checkResultsShape(value, file);
  const historyPath = path.join(reportDir, path.basename(results.historyFile || HISTORY_FILE));
  let history: HistoryEvent[] = [];
  try {
    history = parseJsonl(await readFile(historyPath, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read ${historyPath}: ${(err as Error).message}`);
    }
  }
  return { results, history };
}

function checkResultsShape(value: unknown, file: string): ResultsFile {
  if (!value || typeof value !== 'object') throw new Error(`${file} is not a results object: run the campaign again to rewrite it`);
  const v = value as Partial<ResultsFile>;
  if (typeof v.version !== 'number') throw new Error(`${file} has no "version": it was not written by siochaos`);
  if (v.version > RESULTS_VERSION) {
    throw new Error(`${file} is results version ${v.version}, this siochaos reads version ${RESULTS_VERSION}: upgrade siochaos`);
  }
  for (const key of ['verdict', 'figures', 'config', 'anomalies'] as const) {
    if (v[key] === undefined) throw new Error(`${file} has no "${key}": it is incomplete, run the campaign again`);
  }
  return { ...(v as ResultsFile), unknowns: v.unknowns ?? [], historyFile: v.historyFile ?? HISTORY_FILE };
}
