import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { processRuns } from '../../../shared/process/liveness.js';
import { parentDeathCommand, SETPRIV } from '../../../shared/process/parentDeath.js';
import { toxiproxyVersion } from '../../src/toxiproxy/server.js';

const FIXTURE = path.join(import.meta.dirname, '../toxiproxy/fixtures/holdToxiproxy.ts');
const guarded = parentDeathCommand(['true']).guarded;

const running = processRuns;

const commOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** The PIDs this file started, with their names then, killed in afterAll if still there. */
const started: { pid: number; comm: string | undefined }[] = [];
const track = (pid: number): void => void started.push({ pid, comm: commOf(pid) });

afterAll(() => {
  for (const { pid, comm } of started) {
    // Only while the PID is still the process started here (not reused by another).
    if (comm !== undefined && running(pid) && commOf(pid) === comm) process.kill(pid, 'SIGKILL');
  }
});

describe('parentDeathCommand', () => {
  it('leaves the command as it is when there is no setpriv', () => {
    const wrapped = parentDeathCommand(['toxiproxy-server', '-port', '8474'], '/nonexistent/setpriv');
    expect(wrapped).toEqual({ command: ['toxiproxy-server', '-port', '8474'], guarded: false });
  });

  it.runIf(guarded)('puts setpriv --pdeathsig TERM in front on Linux', () => {
    expect(parentDeathCommand(['toxiproxy-server', '-port', '8474'])).toEqual({
      command: [SETPRIV, '--pdeathsig', 'TERM', '--', 'toxiproxy-server', '-port', '8474'],
      guarded: true,
    });
  });
});

describe.runIf(guarded)('a Toxiproxy started by siochaos', () => {
  it('ends when the node process that started it is SIGKILLed', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DEBUG: 'siochaos:toxiproxy' };
    delete env.TOXIPROXY_URL;
    const holder = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: packageRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    track(holder.pid!);
    let stdout = '';
    let stderr = '';
    holder.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    holder.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const holderExited = new Promise<NodeJS.Signals | null>((resolve) => holder.on('exit', (_code, signal) => resolve(signal)));

    for (let i = 0; i < 300 && !stdout.includes('\n') && holder.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(stdout, stderr).toMatch(/^\{.*\}\n/);
    const { pid, url } = JSON.parse(stdout.split('\n')[0]!) as { pid: number; url: string };
    track(pid);
    expect(stderr).toContain('through setpriv --pdeathsig TERM');
    // setpriv execs: the PID siochaos knows is the server's own, a child of the node process.
    expect(commOf(pid)).toBe('toxiproxy-serve'); // comm keeps 15 characters
    expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(new RegExp(`^PPid:\\s+${holder.pid}$`, 'm'));
    expect(await toxiproxyVersion(url)).toBeTruthy();

    holder.kill('SIGKILL');
    expect(await holderExited).toBe('SIGKILL');
    for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(running(pid), `toxiproxy-server ${pid} still running 5 s after its parent was SIGKILLed`).toBe(false);
    expect(await toxiproxyVersion(url)).toBeUndefined();
  });
});
