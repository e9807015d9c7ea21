import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../src/faults/registry.js';
import { waitFor } from '../../src/net/waitFor.js';
import { eventsOf, FaultBed, pidAlive, storedMsgs, waitForOk } from './fixtures.js';

const bed = new FaultBed();
beforeAll(() => bed.startToxiproxy());
afterEach(() => bed.cleanup());
afterAll(() => bed.stopToxiproxy());

/** The state letter of a process in /proc (R, S, T for stopped, ...). */
function processState(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.charAt(0);
}

/** Waits (bounded) until the process is stopped, or not; its state then. */
async function settledState(pid: number, stopped: boolean): Promise<string> {
  await waitFor(() => ((processState(pid) === 'T') === stopped ? true : undefined), 2000, 10);
  return processState(pid);
}

describe('process faults', () => {
  it('crash: SIGKILLs the target, which restarts after delay on the same port with the same rows', async () => {
    const w = await bed.world();
    const first = w.client.send('before the crash');
    expect(await waitForOk(w.recorder, first, 5000)).toBeDefined();
    const oldPid = w.target.process.pid()!;

    const id = await w.injector.inject(faults.crash, { delay: 300 }, []);
    expect(pidAlive(oldPid)).toBe(false);
    expect(w.target.process.isRunning()).toBe(false);
    expect(await w.client.waitDisconnected(3000)).toBe(true);

    const newPid = await waitFor(() => w.target.process.pid(), 10_000, 20);
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(oldPid);
    // The client's proxy still points at the old port: reconnecting proves the new process is there.
    expect(await w.client.waitConnected(5000)).toBe(true);
    const second = w.client.send('after the crash');
    expect(await waitForOk(w.recorder, second, 5000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([first, second]);

    await w.injector.heal(id);
    await w.injector.heal(id);
    expect(w.target.process.pid()).toBe(newPid);
  });

  it('crash: a heal before the delay restarts the target at once and waits for it', async () => {
    const w = await bed.world();
    const id = await w.injector.inject(faults.crash, { delay: 60_000 }, []);
    expect(w.target.process.isRunning()).toBe(false);
    const started = Date.now();
    await w.injector.heal(id);
    expect(w.target.process.isRunning()).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await w.client.waitConnected(5000)).toBe(true);
  });

  it('restart: SIGTERM, then a new process after delay; the client reconnects and the rows stay', async () => {
    const w = await bed.world();
    const first = w.client.send('before the restart');
    expect(await waitForOk(w.recorder, first, 5000)).toBeDefined();
    const oldPid = w.target.process.pid()!;

    const id = await w.injector.inject(faults.restart, { delay: 200 }, []);
    expect(pidAlive(oldPid)).toBe(false);
    expect(await w.client.waitDisconnected(3000)).toBe(true);
    const newPid = await waitFor(() => w.target.process.pid(), 10_000, 20);
    expect(newPid).not.toBe(oldPid);
    expect(await w.client.waitConnected(5000)).toBe(true);
    const second = w.client.send('after the restart');
    expect(await waitForOk(w.recorder, second, 5000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([first, second]);
    await w.injector.heal(id);
    expect(w.target.process.pid()).toBe(newPid);
  });

  it('pause: the frozen server misses its heartbeats (ping timeout); after SIGCONT the client is back', async () => {
    const w = await bed.world();
    const pid = w.target.process.pid()!;
    const id = await w.injector.inject(faults.pause, { duration: 3500 }, []);
    expect(await settledState(pid, true)).toBe('T');
    const sent = w.client.send('while frozen');
    expect(await w.client.waitDisconnected(3400)).toBe(true);
    expect(eventsOf(w.recorder, 'disconnect').map((e) => e.reason)).toContain('ping timeout');
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);

    await waitFor(() => (processState(pid) === 'T' ? undefined : true), 3000, 20);
    expect(await settledState(pid, false)).not.toBe('T');
    expect(await w.client.waitConnected(5000)).toBe(true);
    expect(await waitForOk(w.recorder, sent, 5000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
    await w.injector.heal(id);
    expect(w.target.process.pid()).toBe(pid);
  });

  it('pause: heal sends SIGCONT at once', async () => {
    const w = await bed.world();
    const pid = w.target.process.pid()!;
    const id = await w.injector.inject(faults.pause, { duration: 60_000 }, []);
    expect(await settledState(pid, true)).toBe('T');
    await w.injector.heal(id);
    expect(await settledState(pid, false)).not.toBe('T');
    const sent = w.client.send('after the heal');
    expect(await waitForOk(w.recorder, sent, 5000)).toBeDefined();
  });

  it('crash-at after-insert-before-ack: stored, killed before the ack, retried, acked as a duplicate, stored once', async () => {
    const w = await bed.world({ target: { failpoints: true } });
    const oldPid = w.target.process.pid()!;
    const id = await w.injector.inject(faults['crash-at'], { point: 'after-insert-before-ack', delay: 200 }, []);
    const sent = w.client.send('dies before its ack');

    expect(await waitFor(() => (pidAlive(oldPid) ? undefined : true), 5000, 10)).toBe(true);
    expect(await storedMsgs(w.target)).toEqual([sent]);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);

    const ok = await waitForOk(w.recorder, sent, 10_000);
    expect(ok).toBeDefined();
    expect(ok!.attempt).toBeGreaterThanOrEqual(2);
    expect(w.target.process.pid()).not.toBe(oldPid);
    expect(await storedMsgs(w.target)).toEqual([sent]);
    await w.injector.heal(id);

    const next = w.client.send('the failpoint fired once only');
    expect(await waitForOk(w.recorder, next, 5000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent, next]);
  });

  it('crash-at: heal disarms a failpoint that never fired, and the target keeps running', async () => {
    const w = await bed.world({ target: { failpoints: true } });
    const pid = w.target.process.pid()!;
    const id = await w.injector.inject(faults['crash-at'], { point: 'before-insert', delay: 0 }, []);
    await w.injector.heal(id);
    const sent = w.client.send('after the disarm');
    expect(await waitForOk(w.recorder, sent, 5000)).toBeDefined();
    expect(w.target.process.pid()).toBe(pid);
  });

  it('crash-at: a target without failpoints is a clear error', async () => {
    const w = await bed.world();
    expect(faults['crash-at'].unavailableReason?.(w.context)).toMatch(/has no(ne)? .*failpoints: true/);
    await expect(w.injector.inject(faults['crash-at'], { point: 'before-insert' }, [])).rejects.toThrow(
      /crash-at needs failpoints in the target, but target reference-server has none .*failpoints: true/,
    );
    expect(w.target.process.isRunning()).toBe(true);
  });
});
