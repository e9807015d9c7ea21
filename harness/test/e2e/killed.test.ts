import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { descendants, running, stillRunningAfter } from './processTree.js';

let reportsDir: string;
beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-sigkill-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

/**
 * `cli`: the CLI process (the launcher's child) is SIGKILLed without a chance to stop anything, so only
 * the parent-death signals end what it started. `launcher`: the siochaos command is SIGKILLed; its CLI
 * gets SIGTERM (parent-death) and stops everything itself.
 */
it.runIf(process.platform === 'linux').each(['cli', 'launcher'] as const)('a SIGKILLed siochaos (%s) leaves neither its command target nor toxiproxy-server running', async (killed) => {
  const child = spawn(
    process.execPath,
    ['harness/bin/siochaos.mjs', 'run', '--config', 'examples/tutorial-chat/siochaos.config.json', '--time', '60s', '--reports', reportsDir],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let tree: { pid: number; args: string }[] = [];
  try {
    // Bounded wait until the user's server (node server.js) runs under siochaos.
    const deadline = Date.now() + 30_000;
    while (!tree.some((p) => p.args.includes('server.js')) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
      tree = descendants(child.pid!);
    }
    expect(tree.map((p) => p.args).join('\n'), output).toContain('server.js');
    expect(tree.some((p) => p.args.includes('toxiproxy-server'))).toBe(true);
    const cli = tree.find((p) => p.args.includes('cli.mjs'));
    expect(cli, tree.map((p) => p.args).join('\n')).toBeDefined();
    if (killed === 'cli') {
      process.kill(cli!.pid, 'SIGKILL');
      expect(await exited).toBe(null);
      expect(child.exitCode).toBe(128 + 9);
    } else {
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    }
    expect(await stillRunningAfter(tree, 5000)).toEqual([]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const p of tree) if (running(p.pid)) process.kill(p.pid, 'SIGKILL');
  }
}, 60_000);
