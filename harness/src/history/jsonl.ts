import { readFile, writeFile } from 'node:fs/promises';
import type { History, HistoryEvent } from './events.js';

/**
 * Serialises a history as JSON Lines: one event per line.
 *
 * @example
 * historyToJsonl([{ type: 'note', t: 0, phase: 'start' }]); // '{"type":"note","t":0,"phase":"start"}\n'
 */
export function historyToJsonl(history: History): string {
  let out = '';
  for (const event of history) out += JSON.stringify(event) + '\n';
  return out;
}

/**
 * Parses JSON Lines back into a history.
 *
 * @throws Error naming the line that is not a JSON object with a `type`.
 * @example
 * parseJsonl('{"type":"note","t":0,"phase":"start"}\n'); // [{ type: 'note', ... }]
 */
export function parseJsonl(text: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const value: unknown = JSON.parse(line);
    if (!value || typeof value !== 'object' || !('type' in value)) {
      throw new Error(`history line ${i + 1} is not an event (an object with a "type")`);
    }
    events.push(value as HistoryEvent);
  }
  return events;
}

/** Writes a history to a `.jsonl` file. */
export async function writeHistory(file: string, history: History): Promise<void> {
  await writeFile(file, historyToJsonl(history));
}

/** Reads a history from a `.jsonl` file. */
export async function readHistory(file: string): Promise<HistoryEvent[]> {
  return parseJsonl(await readFile(file, 'utf8'));
}
