import { execFileSync } from 'node:child_process';

/**
 * The short hash of the commit a bench measures (`git rev-parse --short HEAD`
 * in `cwd`), or 'unknown' outside a git checkout: every bench's figures name it.
 *
 * @example
 * const commit = benchCommit(ROOT); // 'f9bb4c9'
 */
export function benchCommit(cwd: string = process.cwd()): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
