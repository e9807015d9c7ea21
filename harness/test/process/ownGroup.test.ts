import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownGroupSpawn } from '../../../shared/process/ownGroup.js';
import { startProcess } from '../../../shared/process/startProcess.js';

/** Process group and session of a process, from /proc/<pid>/stat. */
function groupOf(pid: number): { pgid: number; sid: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [, , pgid, sid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pgid: Number(pgid), sid: Number(sid) };
}

const sleeper = [process.execPath, '-e', 'setInterval(() => {}, 1000)'];

describe.runIf(process.platform === 'linux')('ownGroupSpawn', () => {
  it('puts the command in a process group of its own, in siochaos\'s session, with the PID the command\'s', async () => {
    const how = ownGroupSpawn(sleeper);
    expect(how.detached).toBe(false);
    expect(how.guarded).toBe(true);
    const child = spawn(how.command[0]!, how.command.slice(1), { stdio: 'ignore', detached: how.detached });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      // setpriv and perl exec: once the command runs, its group is its own PID.
      for (let i = 0; i < 100 && groupOf(child.pid!).pgid !== child.pid; i++) await new Promise((r) => setTimeout(r, 20));
      expect(groupOf(child.pid!)).toEqual({ pgid: child.pid, sid: groupOf(process.pid).sid });
      expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')[0]).toBe(process.execPath);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('gives a command target a session of its own, out of the group a terminal signals', async () => {
    const started = startProcess(sleeper, { ownGroup: { session: true, deathSignal: 'KILL' } });
    try {
      for (let i = 0; i < 100 && groupOf(started.pid).sid !== started.pid; i++) await new Promise((r) => setTimeout(r, 20));
      expect(groupOf(started.pid)).toEqual({ pgid: started.pid, sid: started.pid });
      expect(groupOf(started.pid).pgid).not.toBe(groupOf(process.pid).pgid);
    } finally {
      started.signal('SIGKILL');
      await started.exited;
    }
  });
});
