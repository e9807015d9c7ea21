import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { referenceServerBundle } from '../../src/bundle.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How main.ts ended when run to completion. */
export interface MainResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs main.ts with `args` and waits for it to exit on its own (for startup
 * failures and --help); killed after `timeoutMs`. It runs the development
 * bundle of main.ts, as the launcher does (plain node starts it in about
 * 0.1 s, tsx in about 0.6 s), else main.ts through tsx.
 *
 * @example
 * const { code, stderr } = await runMain(['--bug', 'nope']);
 */
export async function runMain(args: string[], timeoutMs = 10_000): Promise<MainResult> {
  const bundle = await referenceServerBundle();
  const entry = bundle ? [bundle] : ['--import', TSX, MAIN];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
