import { format } from 'node:util';
import createDebug from 'debug';

/** A module's two log channels, both writing one line each to stderr. */
export interface Logger {
  /** Verbose tracing, shown when `DEBUG=siochaos:*` (or a narrower pattern) is set. */
  readonly debug: createDebug.Debugger;
  /** Problems an operator should see (database down, bad input): always shown. */
  readonly warn: createDebug.Debugger;
}

/**
 * The loggers of one reference-server module, namespaced
 * `siochaos:reference-server:<module>` (warnings add `:warn`). Everything goes to
 * stderr: stdout carries only the `listening` line.
 *
 * @example
 * const log = createLogger('store');
 * log.debug('inserted row %d', id);
 * log.warn('insert failed: %s', err.message);
 */
export function createLogger(module: string): Logger {
  const namespace = `siochaos:reference-server:${module}`;
  const warn = createDebug(`${namespace}:warn`);
  warn.enabled = true;
  return { debug: createDebug(namespace), warn };
}

/**
 * The message of anything thrown, for one-line logs.
 *
 * @example
 * log.warn('insert failed: %s', errorMessage(err));
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/**
 * Starts every log line of this process with `[name] `, so that the lines of
 * several nodes can be told apart once merged.
 *
 * @example
 * nameLogLines('n1'); // "[n1] 2026-12-06T22:00:00.000Z siochaos:reference-server:chat:warn ..."
 */
export function nameLogLines(name: string): void {
  const write = (...args: unknown[]) => process.stderr.write(`[${name}] ${format(...args)}\n`);
  createDebug.log = write;
}
