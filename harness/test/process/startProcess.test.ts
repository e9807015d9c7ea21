import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineDecoder } from '../../../shared/process/lines.js';
import { startProcess, waitUntilReady, type StartedProcess } from '../../../shared/process/startProcess.js';

/** 'é' is two bytes in UTF-8: 0xc3 0xa9. */
const E_ACUTE = Buffer.from('é');

const node = (script: string): string[] => [process.execPath, '-e', script];

const started: StartedProcess[] = [];
const start = (...args: Parameters<typeof startProcess>): StartedProcess => {
  const child = startProcess(...args);
  started.push(child);
  return child;
};

afterAll(async () => {
  await Promise.all(started.map((child) => child.stop(100, 'SIGKILL')));
});

describe('LineDecoder', () => {
  it('keeps a UTF-8 character whose bytes two chunks split whole (a chunk\'s toString() breaks it)', () => {
    const chunks = [Buffer.concat([Buffer.from('caf'), E_ACUTE.subarray(0, 1)]), Buffer.concat([E_ACUTE.subarray(1), Buffer.from('\n')])];
    const lines = new LineDecoder();
    expect([...lines.write(chunks[0]!), ...lines.write(chunks[1]!)]).toEqual(['café']);
    // What the old decoding made of the same chunks.
    expect((chunks[0]!.toString() + chunks[1]!.toString()).split('\n')[0]).not.toBe('café');
  });

  it('cuts lines across chunks, drops the \\r of a \\r\\n, and gives the unfinished last line at the end', () => {
    const lines = new LineDecoder();
    expect(lines.write('one\r\ntw')).toEqual(['one']);
    expect(lines.partial).toBe('tw');
    expect(lines.write('o\nthree')).toEqual(['two']);
    expect(lines.end()).toEqual(['three']);
    expect(lines.end()).toEqual([]);
  });
});

describe('startProcess', () => {
  it('reads a character a real child writes in two halves, a moment apart, as one', async () => {
    const script = `process.stdout.write(Buffer.from([${E_ACUTE[0]}])); setTimeout(() => process.stdout.write(Buffer.from([${E_ACUTE[1]}, 10])), 100);`;
    const child = start(node(script));
    const lines: string[] = [];
    child.onLine((line) => lines.push(line));
    await child.settled();
    expect(lines).toEqual(['é']);
    expect(child.tail()).toBe('é');
  });

  it('is ready when a line says so, keeps each stream\'s tail, and appends its output to the log file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-process-'));
    try {
      const logFile = path.join(dir, 'out.log');
      const child = start(node('console.error("warming up"); console.log("listening on 7"); setInterval(() => {}, 1000)'), { logFile });
      const ready = await waitUntilReady(child, { line: (line, stream) => (stream === 'stdout' ? /listening on (\d+)/.exec(line)?.[1] : undefined), timeoutMs: 10_000 });
      expect(ready).toEqual({ ready: true, value: '7' });
      expect(child.tail(5, 'stderr')).toBe('warming up');
      expect(child.tail(5, 'stdout')).toBe('listening on 7');
      await child.stop(5000);
      expect(child.running()).toBe(false);
      await child.settled();
      expect((await readFile(logFile, 'utf8')).split('\n').sort()).toEqual(['', 'listening on 7', 'warming up']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says when it exited before it was ready, with what it printed last', async () => {
    const child = start(node('console.error("bad flag"); process.exit(2)'));
    expect(await waitUntilReady(child, { poll: () => undefined, timeoutMs: 10_000 })).toEqual({ ready: false, why: 'exited' });
    expect(await child.exited).toEqual({ code: 2, signal: null });
    expect(child.tail()).toBe('bad flag');
  });

  it('says when it was not ready in time, and stop() SIGKILLs what ignores SIGTERM after the grace', async () => {
    const child = start(node('process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)'), { ownGroup: {} });
    let polls = 0;
    expect(await waitUntilReady(child, { poll: () => (polls++, undefined), timeoutMs: 300, intervalMs: 20 })).toEqual({ ready: false, why: 'timeout' });
    expect(polls).toBeGreaterThan(3);
    await waitUntilReady(child, { line: (line) => (line === 'up' ? true : undefined), poll: () => (child.tail() === 'up' ? true : undefined), timeoutMs: 10_000 });
    const t0 = Date.now();
    await child.stop(300);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('says why it could not be spawned', async () => {
    const child = start(['/nonexistent/siochaos-no-such-binary']);
    expect(await child.exited).toEqual({ code: null, signal: null });
    expect(child.pid).toBe(-1);
    expect(child.tail()).toMatch(/could not start \/nonexistent\/siochaos-no-such-binary: .*ENOENT/);
  });
});
