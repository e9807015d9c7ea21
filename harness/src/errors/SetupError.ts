/**
 * An error that means the run could not be set up (Toxiproxy missing, target
 * not starting, bad config): the verdict is `unknown` and the exit code 2. Its
 * message is one line that says what was wrong and what to do.
 *
 * @example
 * throw new SetupError('toxiproxy-server not found: run `npm run setup` or set TOXIPROXY_URL');
 */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}
