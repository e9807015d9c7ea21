/**
 * The server could not start: bad arguments, port in use, database that cannot
 * be opened. `main.ts` prints its one-line message to stderr and exits 2.
 *
 * @example
 * throw new StartupError('port 3000 on 127.0.0.1 is already in use: pick another --port, or 0 for any free port');
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
