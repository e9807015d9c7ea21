import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../src/faults/registry.js';
import { waitFor } from '../../src/net/waitFor.js';
import { commandTarget } from '../../src/target/commandTarget.js';
import type { TargetExit } from '../../src/target/exitMonitor.js';
import { FaultBed, waitForOk } from '../faults/fixtures.js';

const bed = new FaultBed();
beforeAll(() => bed.startToxiproxy());
afterEach(() => bed.cleanup());
afterAll(() => bed.stopToxiproxy());

describe('exits of the target that siochaos did not cause', () => {
  it('crash, restart and crash-at faults and the stop are not reported; a kill from outside is', async () => {
    const w = await bed.world({ target: { failpoints: true } });
    const exits: TargetExit[] = [];
    const stop = w.target.process.onUnexpectedExit!((exit) => exits.push(exit));
    bed.defer(stop);

    const crash = await w.injector.inject(faults.crash, { delay: 100 }, []);
    await w.injector.heal(crash);
    const restart = await w.injector.inject(faults.restart, { delay: 0 }, []);
    await w.injector.heal(restart);
    expect(await w.client.waitConnected(5000)).toBe(true);
    const pid = w.target.process.pid();
    const crashAt = await w.injector.inject(faults['crash-at'], { point: 'after-insert-before-ack', delay: 0 }, []);
    w.client.send('dies here');
    // The failpoint fired: a new process took the old one's place.
    expect(await waitFor(() => (w.target.process.pid() !== pid ? true : undefined), 5000, 10)).toBe(true);
    await w.injector.heal(crashAt);
    // settled() waits for the last stderr lines: give a late report the time to come.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(exits).toEqual([]);

    process.kill(w.target.process.pid()!, 'SIGKILL');
    const seen = await waitFor(() => exits[0], 5000, 10);
    expect(seen).toMatchObject({ code: null, signal: 'SIGKILL' });
    await w.target.stop();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(exits).toHaveLength(1);
  });

  it('a crash-at disarmed before it fired leaves a later death of that process reported, its stderr kept', async () => {
    const logDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-exit-logs-'));
    bed.defer(() => rm(logDir, { recursive: true, force: true }));
    const w = await bed.world({ target: { failpoints: true, logDir } });
    const exits: TargetExit[] = [];
    bed.defer(w.target.process.onUnexpectedExit!((exit) => exits.push(exit)));
    const id = await w.injector.inject(faults['crash-at'], { point: 'before-insert', delay: 0 }, []);
    await w.injector.heal(id);
    const sent = w.client.send('stored, no crash');
    expect(await waitForOk(w.recorder, sent, 5000)).toBeDefined();
    process.kill(w.target.process.pid()!, 'SIGKILL');
    expect(await waitFor(() => exits[0], 5000, 10)).toMatchObject({ signal: 'SIGKILL' });
    const [log] = await readdir(logDir);
    expect(await readFile(path.join(logDir, log!), 'utf8')).toMatch(/\[siochaos\] the process ended \(SIGKILL\): siochaos did not stop it \(target-crashed\)\n$/);
  });

  it('a death of its own while a crash-at waits to fire (not the SIGKILL of the failpoint) is reported', async () => {
    const w = await bed.world({ target: { failpoints: true } });
    const exits: TargetExit[] = [];
    bed.defer(w.target.process.onUnexpectedExit!((exit) => exits.push(exit)));
    const id = await w.injector.inject(faults['crash-at'], { point: 'after-insert-before-ack', delay: 0 }, []);
    bed.defer(() => w.injector.heal(id));
    // Not the failpoint: a signal from outside ends it (as an uncaught error or the OOM killer would).
    process.kill(w.target.process.pid()!, 'SIGINT');
    expect(await waitFor(() => exits[0], 5000, 10), 'the exit was heard though crash-at was armed').toBeDefined();
    expect(exits[0]!.signal).not.toBe('SIGKILL');
  });

  it('a command target that exits on its own: its code and the end of its stderr', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-exit-'));
    bed.defer(() => rm(dir, { recursive: true, force: true }));
    const dies = `require('http').createServer().listen(Number(process.env.PORT), '127.0.0.1', () => {
      console.log('up');
      setTimeout(() => { console.error('TypeError: callback is not a function'); process.exit(3); }, 300);
    })`;
    const target = commandTarget({
      config: { kind: 'command', command: [process.execPath, '-e', dies], env: { PORT: '{port}' }, readyLog: 'up' },
      dataDir: dir,
      logDir: path.join(dir, 'logs'),
      store: () => undefined,
    });
    bed.defer(() => target.stop());
    await target.start();
    const exits: TargetExit[] = [];
    target.process!.onUnexpectedExit!((exit) => exits.push(exit));
    const exit = await waitFor(() => exits[0], 5000, 10);
    expect(exit).toEqual({ code: 3, signal: null, stderr: 'TypeError: callback is not a function' });

    // A restarted process that siochaos then stops is not reported.
    await target.process!.restart();
    await target.stop();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(exits).toHaveLength(1);
  });
});
