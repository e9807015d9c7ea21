/**
 * Small formatting helpers the checkers use to write one-line anomaly
 * descriptions a person can read.
 */

/**
 * A history timestamp as a person reads it: milliseconds below one second,
 * seconds with one decimal above.
 *
 * @example
 * formatTime(1234); // '1.2 s'
 * formatTime(40);   // '40 ms'
 */
export function formatTime(t: number): string {
  return t < 1000 ? `${Math.round(t)} ms` : `${(t / 1000).toFixed(1)} s`;
}

/**
 * Message content quoted for a description, cut to `max` characters.
 *
 * @example
 * quote('hello'); // '"hello"'
 * quote('x'.repeat(50), 5); // '"xxxxx…"'
 */
export function quote(content: string, max = 40): string {
  return JSON.stringify(content.length > max ? `${content.slice(0, max)}…` : content);
}

/**
 * A list for a description, cut after `max` items with how many more there are.
 *
 * @example
 * listSome([1, 2, 3, 4], 2); // '1, 2 and 2 more'
 */
export function listSome(items: readonly (string | number)[], max = 10): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * `n` followed by the noun, in the plural unless `n` is 1 (the noun with an
 * `s`, or `pluralNoun` where that is wrong).
 *
 * @example
 * plural(1, 'message'); // '1 message'
 * plural(3, 'message'); // '3 messages'
 * plural(2, 'anomaly', 'anomalies'); // '2 anomalies'
 */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}
