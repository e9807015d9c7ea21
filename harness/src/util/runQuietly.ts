import { spawn } from 'node:child_process';

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
export function runQuietly(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, tailLines = 3): Promise<QuietRun> {
  const output: string[] = [];
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const tail = () => output.join('').trim().split('\n').slice(-tailLines).join(' | ');
    child.on('error', (err: NodeJS.ErrnoException) => resolve({ code: err.code === 'ENOENT' ? 'missing' : 1, tail: err.message }));
    child.on('close', (status) => resolve({ code: status ?? 1, tail: tail() }));
  });
}
