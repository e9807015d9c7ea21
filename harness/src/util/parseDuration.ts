import { SetupError } from '../errors/SetupError.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration such as `30s`, `2m`, `500ms` or `1.5h`; a bare number is seconds.
 *
 * @throws SetupError naming the option and showing a right value.
 * @example
 * parseDuration('time', '2m'); // 120000
 */
export function parseDuration(option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new SetupError(`--${option} takes a duration such as 30s, 2m or 500ms, got "${text}"`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']!);
}
