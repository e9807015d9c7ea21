import { readFile, writeFile } from 'node:fs/promises';
import { historyEventSchema } from '../model/history.js';
import { parseJsonLines } from '../model/validateFile.js';
import type { History, HistoryEvent } from './events.js';

/**
 * Serialises a history as JSON Lines: one event per line.
 *
 * @example
 * historyToJsonl([{ type: 'healed', t: 812.5 }]); // '{"type":"healed","t":812.5}\n'
 */
export function historyToJsonl(history: History): string {
  let out = '';
  for (const event of history) out += JSON.stringify(event) + '\n';
  return out;
}

/**
 * Parses JSON Lines back into a history, every line checked against the
 * history's event schema.
 *
 * @param where how an error names the text (default `history`).
 * @throws InvalidFileError naming the line and the field that is not an event's.
 * @example
 * parseJsonl('{"type":"healed","t":812.5}\n'); // [{ type: 'healed', t: 812.5 }]
 * parseJsonl('{"type":"healed"}\n'); // throws 'history line 1: t: ...'
 */
export function parseJsonl(text: string, where = 'history'): HistoryEvent[] {
  return parseJsonLines(historyEventSchema, text, where);
}

/** Writes a history to a `.jsonl` file. */
export async function writeHistory(file: string, history: History): Promise<void> {
  await writeFile(file, historyToJsonl(history));
}

/**
 * Reads a history from a `.jsonl` file, every line checked.
 *
 * @throws InvalidFileError naming the file, the line and the field.
 */
export async function readHistory(file: string): Promise<HistoryEvent[]> {
  return parseJsonl(await readFile(file, 'utf8'), file);
}
