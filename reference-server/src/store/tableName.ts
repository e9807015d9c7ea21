const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Checks that `name` is a plain SQL identifier (letters, digits, underscores,
 * not starting with a digit, at most 63 characters) and returns it quoted.
 * Throws an error that says what was wrong otherwise.
 *
 * @example
 * quoteTableName('messages_t1'); // '"messages_t1"'
 * quoteTableName('x; DROP TABLE y'); // throws
 */
export function quoteTableName(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(
      `table name ${JSON.stringify(name)} is not a plain identifier: use letters, digits and underscores, starting with a letter or underscore, at most 63 characters`,
    );
  }
  return `"${name}"`;
}

/**
 * Whether `name` is a plain SQL identifier `quoteTableName` accepts.
 *
 * @example
 * isTableName('messages'); // true
 */
export function isTableName(name: string): boolean {
  return IDENTIFIER.test(name);
}
