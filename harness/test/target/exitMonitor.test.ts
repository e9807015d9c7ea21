import { describe, expect, it } from 'vitest';
import { ExitMonitor, type TargetExit } from '../../src/target/exitMonitor.js';

const heard = (monitor: ExitMonitor): TargetExit[] => {
  const exits: TargetExit[] = [];
  monitor.listen((exit) => exits.push(exit));
  return exits;
};

describe('ExitMonitor', () => {
  it('a mark set with a signal excuses only an exit by that signal: a crash of its own while a failpoint waits is heard', () => {
    const monitor = new ExitMonitor();
    const exits = heard(monitor);
    const first = monitor.started();
    monitor.expect('SIGKILL');
    expect(first({ code: 1, signal: null, stderr: 'Error: Connection is closed.' })).toBe(true);
    const second = monitor.started();
    monitor.expect('SIGKILL');
    expect(second({ code: null, signal: 'SIGKILL', stderr: '' })).toBe(false);
    expect(exits.map((e) => e.code)).toEqual([1]);
  });

  it('a plain mark excuses any exit, and false clears it', () => {
    const monitor = new ExitMonitor();
    const exits = heard(monitor);
    const first = monitor.started();
    monitor.expect();
    expect(first({ code: 0, signal: null, stderr: '' })).toBe(false);
    const second = monitor.started();
    monitor.expect('SIGKILL');
    monitor.expect(false);
    expect(second({ code: null, signal: 'SIGKILL', stderr: '' })).toBe(true);
    expect(exits).toHaveLength(1);
  });
});
