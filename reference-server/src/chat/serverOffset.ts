/**
 * The server offset a connecting client claims to have (`auth.serverOffset`):
 * the id of the last row it received. Anything but a non-negative safe integer
 * counts as 0 (send everything), and `invalid` says what was there.
 *
 * @example
 * serverOffsetOf({ serverOffset: 12 }); // { offset: 12 }
 * serverOffsetOf({ serverOffset: '12' }); // { offset: 0, invalid: '"12"' }
 * serverOffsetOf({}); // { offset: 0 }
 */
export function serverOffsetOf(auth: unknown): { offset: number; invalid?: string } {
  const value = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).serverOffset : undefined;
  if (value === undefined || value === null) return { offset: 0 };
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { offset: value };
  return { offset: 0, invalid: describe(value) };
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 100) ?? String(value);
  } catch {
    return typeof value;
  }
}
