import type { Verdict } from '../checkers/Checker.js';

/**
 * The process exit code of a verdict: 0 valid, 1 invalid, 2 unknown.
 *
 * @example
 * process.exitCode = exitCodeOf('invalid'); // 1
 */
export function exitCodeOf(verdict: Verdict): 0 | 1 | 2 {
  return verdict === 'valid' ? 0 : verdict === 'invalid' ? 1 : 2;
}
