import type { z } from 'zod';

/**
 * Validated reads of the files siochaos writes (results.json, history.jsonl):
 * a file that is not JSON, lacks a field, has one of the wrong type, or is some
 * other program's file is refused with one line naming the file, the line (for
 * JSON Lines) and the field.
 */

/** A file siochaos cannot read: its message is one line naming the file and the field. */
export class InvalidFileError extends Error {
  override name = 'InvalidFileError';
}

/** `events[0].t`, `config["odd key"]`: a path as a reader of the file would write it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** What was wrong at one issue's field, in words: `expected number, got string`, `missing (expected 1)`. */
function issueWords(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const got = (what: string) => ('input' in issue && input !== undefined ? `${what}, got ${shown(input)}` : `missing (${what})`);
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `missing (expected ${issue.expected})`;
      return `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${typeName(input)}`;
    case 'invalid_value':
      return got(`expected ${issue.values.map((v) => shown(v)).join(' or ')}`);
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (!options) return 'matches none of the shapes it may have';
      const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[String(issue.path.at(-1))] : undefined;
      const expected = `expected ${options.map((v) => shown(v)).join(' or ')}`;
      return value === undefined ? `missing (${expected})` : `${expected}, got ${shown(value)}`;
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return got(issue.message);
  }
}

/**
 * One line for a failed parse: where, the first issue's field and what was
 * wrong with it, and how many more there are.
 *
 * @example
 * issueLine('reports/x/results.json', error.issues); // 'reports/x/results.json: verdict: expected "valid" or "invalid" or "unknown", got "maybe"'
 */
export function issueLine(where: string, issues: readonly z.core.$ZodIssue[]): string {
  const [first] = issues;
  if (!first) return `${where}: invalid`;
  const field = fieldPath(first.path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${where}: ${field ? `${field}: ` : ''}${issueWords(first)}${more}`;
}

/**
 * `value` checked against `schema`.
 *
 * @throws InvalidFileError with {@link issueLine}'s line when it does not fit.
 * @example
 * const results = checkValue(resultsFileSchema, JSON.parse(text), 'reports/x/results.json');
 */
export function checkValue<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new InvalidFileError(issueLine(where, parsed.error.issues));
  return parsed.data;
}

/**
 * Parses JSON text.
 *
 * @throws InvalidFileError naming `where` when it is not JSON.
 * @example
 * parseJsonText('{"a":1}', 'results.json'); // { a: 1 }
 */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidFileError(`${where}: not JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

/**
 * Parses JSON Lines, each non-empty line checked against `schema`.
 *
 * @throws InvalidFileError naming the file, the line and the field.
 * @example
 * parseJsonLines(historyEventSchema, text, 'reports/x/history.jsonl');
 * // throws 'reports/x/history.jsonl line 12: t: expected number, got string'
 */
export function parseJsonLines<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S>[] {
  const values: z.output<S>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const where = `${file} line ${i + 1}`;
    values.push(checkValue(schema, parseJsonText(line, where), where));
  }
  return values;
}
