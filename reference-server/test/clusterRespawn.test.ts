/**
 * `--adapter cluster`: a worker that dies stays dead (the primary prints a
 * worker-exit line with its status) until SIGUSR2 asks the primary to fork
 * it again, on the same port and admin port; bad worker port lists are one
 * line and exit 2.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runMain } from './helpers/spawnMain.js';
import { Testbed, waitFor } from './helpers/testbed.js';

const bed = new Testbed();
afterEach(() => bed.cleanup());

describe('reference server: cluster workers', () => {
  it('a killed worker is reported, stays down while the others serve, and SIGUSR2 forks it again on its ports', async () => {
    const primary = await bed.launch({ db: await bed.dbPath(), cluster: { workers: 2 }, adminPort: true });
    const [n0, n1] = primary.workers!;
    const lines: Record<string, unknown>[] = [];
    primary.process.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    });

    process.kill(n1!.pid, 'SIGKILL');
    await waitFor(() => lines.some((l) => l.event === 'worker-exit'), 5000, () => `lines: ${JSON.stringify(lines)}`);
    expect(lines).toContainEqual({ event: 'worker-exit', node: 'n1', pid: n1!.pid, code: null, signal: 'SIGKILL' });
    const client = await bed.connect(n0!);
    expect(await client.send('still here', 'c0-1')).toBe('ack');
    await expect(bed.connect(n1!)).rejects.toThrow();

    primary.kill('SIGUSR2');
    await waitFor(() => lines.some((l) => l.event === 'listening'), 10_000, () => `lines: ${JSON.stringify(lines)}`);
    const again = lines.find((l) => l.event === 'listening')!;
    expect(again).toMatchObject({ node: 'n1', port: n1!.port, adminPort: n1!.adminPort });
    expect(again.pid).not.toBe(n1!.pid);
    const back = await bed.connect(n1!, { serverOffset: 0 });
    await back.waitForReceived(1);
    expect(primary.running()).toBe(true);
  });

  it('refuses a worker port list that does not give one port per worker, in one line, exit 2', async () => {
    const result = await runMain(['--db', ':memory:', '--adapter', 'cluster', '--workers', '3', '--worker-ports', '4001,4002']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'reference-server: --worker-ports "4001,4002" gives 2 ports for 3 workers: give one per worker',
    ]);
  });
});
