import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** What a finished `siochaos` process left. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `siochaos` command line in a child process from the
 * repository root, and kills it if it outlives `timeoutMs`.
 *
 * @example
 * const run = await runCli(['run', '--config', 'examples/tutorial-chat/siochaos.config.json', '--time', '8s']);
 * run.code; // 0
 */
export function runCli(args: string[], timeoutMs = 90_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'harness/bin/siochaos.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
