import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { ownGroupSpawn } from './ownGroup.js';

/** Process groups started here, so that they are ended when siochaos exits, whatever happens. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** A command started in its own process group, with its output kept. */
export interface GroupProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last lines it printed (stdout and stderr). */
  tail(lines?: number): string;
  /** Sends a signal to the whole group. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the leader has exited. */
  readonly exited: Promise<void>;
  /** Whether the leader is still running. */
  running(): boolean;
  /** Called with every line it prints. */
  onLine(listener: (line: string) => void): void;
}

/**
 * Starts a command in its own process group and session (so crash, restart
 * and pause act on everything it started, and the terminal's Ctrl-C does not
 * reach it), appends its output to `logFile`, and keeps its last lines for
 * error messages. The group is killed if siochaos exits first; if siochaos is
 * SIGKILLed, the kernel sends the command itself SIGKILL (`setpriv
 * --pdeathsig KILL`, which also ends it while a pause fault holds it
 * stopped): what the command started ends only if it passes that on.
 *
 * @example
 * const server = startGroup(['node', 'server.js'], { cwd, env, logFile: '/tmp/s1/target.log' });
 * server.signal('SIGSTOP');
 */
export function startGroup(
  command: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile?: string },
): GroupProcess {
  installExitHook();
  const how = ownGroupSpawn(command, { session: true, deathSignal: 'KILL' });
  const [file, ...args] = how.command;
  const child = spawn(file!, args, { cwd: options.cwd, env: options.env, detached: how.detached, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let log: WriteStream | undefined;
  if (options.logFile) log = createWriteStream(options.logFile, { flags: 'a' });
  let exitedFlag = false;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exitedFlag = true;
      if (child.pid) liveGroups.delete(child.pid);
      log?.end();
      resolve();
    });
    child.on('error', (err) => {
      lines.push(`could not start ${command[0]}: ${err.message}`);
      exitedFlag = true;
      resolve();
    });
  });
  if (child.pid) liveGroups.add(child.pid);
  let partial = '';
  const onData = (chunk: Buffer) => {
    log?.write(chunk);
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    child,
    pid: child.pid ?? -1,
    tail: (n = 10) => [...lines, partial].filter(Boolean).slice(-n).join('\n'),
    signal(signal) {
      if (exitedFlag || !child.pid) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    },
    exited,
    running: () => !exitedFlag,
    onLine: (listener) => listeners.push(listener),
  };
}
