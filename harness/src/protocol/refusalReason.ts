/** What a refusal says when the server gave no reason at all. */
export const NO_REASON_GIVEN = 'no reason given';

/**
 * The server's reason for a negative ack, as text: the `error` (else
 * `reason`, else `message`) field of the first ack argument when it is a
 * string, else that argument as JSON, else {@link NO_REASON_GIVEN}.
 *
 * @example
 * refusalReason([{ error: 'message too long' }]); // 'message too long'
 * refusalReason([{ ok: false, code: 7 }]);         // '{"ok":false,"code":7}'
 * refusalReason([]);                               // 'no reason given'
 */
export function refusalReason(args: readonly unknown[]): string {
  const [first] = args;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const record = first as Record<string, unknown>;
    for (const key of ['error', 'reason', 'message']) {
      const value = record[key];
      if (typeof value === 'string' && value.length > 0) return value;
    }
  }
  if (first === undefined) return NO_REASON_GIVEN;
  return JSON.stringify(first) ?? String(first);
}
