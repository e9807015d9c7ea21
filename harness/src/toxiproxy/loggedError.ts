/**
 * The error a line of Toxiproxy's log reports, if it reports one. Toxiproxy
 * logs JSON lines (zerolog) to stdout; when its API cannot listen it logs an
 * error and keeps running, so that line is the only sign of it.
 *
 * @returns `message: error` of an error, fatal or panic line; undefined for any other line.
 * @example
 * toxiproxyLoggedError('{"level":"error","error":"listen tcp 127.0.0.1:8474: bind: address already in use","message":"Server finished with error"}');
 * // 'Server finished with error: listen tcp 127.0.0.1:8474: bind: address already in use'
 */
export function toxiproxyLoggedError(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!entry || typeof entry !== 'object' || !('level' in entry)) return undefined;
  if (entry.level !== 'error' && entry.level !== 'fatal' && entry.level !== 'panic') return undefined;
  const message = 'message' in entry ? String(entry.message) : '';
  const error = 'error' in entry ? String(entry.error) : '';
  return [message, error].filter(Boolean).join(': ') || line;
}
