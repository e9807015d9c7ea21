import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function prlimit(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('prlimit', args, { timeout: 5000 });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('the prlimit command was not found: install util-linux (Linux only) to cut the target\'s file writes');
    }
    throw new Error(`prlimit ${args.join(' ')} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/**
 * The soft limit on the size of files a process may write (RLIMIT_FSIZE), as
 * prlimit prints it (`unlimited` or a byte count).
 *
 * @throws Error when prlimit is missing or the process is not there.
 * @example
 * await softFileSizeLimit(4242); // 'unlimited'
 */
export async function softFileSizeLimit(pid: number): Promise<string> {
  const out = await prlimit(['--pid', String(pid), '--fsize', '--noheadings', '--raw', '--output', 'SOFT']);
  return out.trim();
}

/**
 * Sets the soft RLIMIT_FSIZE of a running process (the hard limit stays, so it
 * can be raised again). At 0 every write to a regular file fails with EFBIG
 * (Node ignores SIGXFSZ): a disk that refuses writes, for that process only.
 *
 * @throws Error when prlimit is missing or refuses.
 * @example
 * await setSoftFileSizeLimit(4242, '0');
 * await setSoftFileSizeLimit(4242, 'unlimited');
 */
export async function setSoftFileSizeLimit(pid: number, soft: string): Promise<void> {
  await prlimit(['--pid', String(pid), `--fsize=${soft}:`]);
}
