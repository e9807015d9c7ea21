import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { softFileSizeLimit } from '../../src/faults/db/fileSizeLimit.js';
import { faults } from '../../src/faults/registry.js';
import { sleep, waitFor } from '../../src/net/waitFor.js';
import { eventsOf, FaultBed, storedMsgs, waitForOk } from './fixtures.js';

const bed = new FaultBed();
beforeAll(() => bed.startToxiproxy());
afterEach(() => bed.cleanup());
afterAll(() => bed.stopToxiproxy());

/** Waits until the server has logged that the insert of `msg` failed; the log line, or undefined. */
function insertFailure(logTail: () => string, msg: string, timeoutMs: number): Promise<string | undefined> {
  return waitFor(() => logTail().split('\n').find((line) => line.includes(`insert of message ${msg} failed`)), timeoutMs, 10);
}

describe('sqlite-stall', () => {
  it('holds the write lock: inserts wait the busy timeout, fail with SQLITE_BUSY, and succeed once it is released', async () => {
    const w = await bed.world({ target: { busyTimeoutMs: 300 } });
    const id = await w.injector.inject(faults['sqlite-stall'], { duration: 2500 }, []);
    const injectedAt = w.recorder.now();
    const sent = w.client.send('stalled');

    const failure = await insertFailure(() => w.target.logTail(), sent, 2000);
    expect(failure).toMatch(/SQLITE_BUSY/);
    await sleep(500);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);
    expect(await storedMsgs(w.target)).toEqual([]);

    const ok = await waitForOk(w.recorder, sent, 6000);
    expect(ok).toBeDefined();
    expect(ok!.t - injectedAt).toBeGreaterThanOrEqual(2500);
    expect(ok!.attempt).toBeGreaterThanOrEqual(2);
    expect(await storedMsgs(w.target)).toEqual([sent]);
    await w.injector.heal(id);
    await w.injector.heal(id);
  });

  it('heal releases the lock at once', async () => {
    const w = await bed.world({ target: { busyTimeoutMs: 300 } });
    const id = await w.injector.inject(faults['sqlite-stall'], { duration: 60_000 }, []);
    const sent = w.client.send('stalled until healed');
    expect(await insertFailure(() => w.target.logTail(), sent, 2000)).toMatch(/SQLITE_BUSY/);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);
    await w.injector.heal(id);
    expect(await waitForOk(w.recorder, sent, 4000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
  });
});

describe('sqlite-unavailable', () => {
  it('makes every insert fail at once (disk I/O error) for its duration, then inserts succeed', async () => {
    const w = await bed.world();
    const pid = w.target.process.pid()!;
    const before = await softFileSizeLimit(pid);
    const id = await w.injector.inject(faults['sqlite-unavailable'], { duration: 2000 }, []);
    const injectedAt = w.recorder.now();
    const sent = w.client.send('refused');

    // Fails at once, not after the 2000 ms busy timeout: the store itself fails.
    const failure = await insertFailure(() => w.target.logTail(), sent, 800);
    expect(failure).toMatch(/SQLITE_IOERR/);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);
    expect(await storedMsgs(w.target)).toEqual([]);

    const ok = await waitForOk(w.recorder, sent, 6000);
    expect(ok).toBeDefined();
    expect(ok!.t - injectedAt).toBeGreaterThanOrEqual(2000);
    expect(await storedMsgs(w.target)).toEqual([sent]);
    await w.injector.heal(id);
    expect(await softFileSizeLimit(pid)).toBe(before);
  });

  it('heal restores the writes at once, and twice is harmless', async () => {
    const w = await bed.world();
    const pid = w.target.process.pid()!;
    const before = await softFileSizeLimit(pid);
    const id = await w.injector.inject(faults['sqlite-unavailable'], { duration: 60_000 }, []);
    expect(await softFileSizeLimit(pid)).toBe('0');
    const sent = w.client.send('refused until healed');
    expect(await insertFailure(() => w.target.logTail(), sent, 800)).toMatch(/SQLITE_IOERR/);
    await w.injector.heal(id);
    await w.injector.heal(id);
    expect(await softFileSizeLimit(pid)).toBe(before);
    expect(await waitForOk(w.recorder, sent, 4000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
  });
});

describe('database faults on the wrong store', () => {
  it('a database-proxy fault on a SQLite target is a clear error', async () => {
    const w = await bed.world();
    expect(faults['db-down'].unavailableReason?.(w.context)).toMatch(/stores in sqlite/);
    await expect(w.injector.inject(faults['db-down'], {}, [])).rejects.toThrow(
      /db-down needs a database behind a Toxiproxy proxy .* but target reference-server stores in sqlite: use sqlite-stall or sqlite-unavailable/,
    );
    await expect(w.injector.inject(faults['db-timeout'], {}, [])).rejects.toThrow(/db-timeout needs a database behind a Toxiproxy proxy/);
  });
});
