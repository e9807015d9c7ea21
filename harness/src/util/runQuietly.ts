import { startProcess } from '../../../shared/process/startProcess.js';

/** How a command run by {@link runQuietly} ended. */
export interface QuietRun {
  /** The exit code, or `'missing'` when the command does not exist. */
  code: number | 'missing';
  /** The last `tailLines` lines of its stdout and stderr, joined with ` | `. */
  tail: string;
}

/**
 * Runs a command to the end with its output captured rather than shown (an
 * install or a build prints pages nobody reads unless it fails).
 *
 * @example
 * const { code, tail } = await runQuietly('go', ['version']);
 * if (code !== 0) throw new Error(`go failed: ${tail}`);
 */
export async function runQuietly(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, tailLines = 3): Promise<QuietRun> {
  const run = startProcess([command, ...args], { env });
  let missing = false;
  run.child.once('error', (err: NodeJS.ErrnoException) => (missing = run.pid < 0 && err.code === 'ENOENT'));
  const { code } = await run.settled();
  return { code: missing ? 'missing' : (code ?? 1), tail: run.tail(tailLines).split('\n').join(' | ') };
}
