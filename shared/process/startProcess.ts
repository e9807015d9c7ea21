import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { LineDecoder, LineTail } from './lines.js';
import { ownGroupSpawn, type OwnGroupOptions } from './ownGroup.js';

/** Which of a process's outputs a line came on. */
export type OutputStream = 'stdout' | 'stderr';

/** How a process ended: an exit code, or the signal that ended it (both null when it could not be spawned). */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Options of {@link startProcess}.
 *
 * @example
 * const options: StartOptions = { cwd, env, logFile: '/tmp/s1/target.log', ownGroup: { session: true, deathSignal: 'KILL' } };
 */
export interface StartOptions {
  cwd?: string;
  /** Its whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** `pipe` keeps its stdin open for as long as siochaos runs (a server started with `--exit-with-stdin` ends with it); default `ignore`. */
  stdin?: 'pipe' | 'ignore';
  /**
   * Start it in a process group of its own, with a parent-death signal (see
   * {@link ownGroupSpawn}): out of the terminal's Ctrl-C, signalled as a
   * group, SIGKILLed with its group if siochaos exits first. Without it, it
   * runs in siochaos's group and only it is signalled.
   */
  ownGroup?: OwnGroupOptions;
  /** A file its output (both streams, as it came) is appended to. */
  logFile?: string;
}

/** A process {@link startProcess} started. */
export interface StartedProcess {
  readonly child: ChildProcess;
  /** Its PID (-1 when it could not be spawned). */
  readonly pid: number;
  /** Whether the kernel signals it when siochaos dies (`setpriv --pdeathsig`). */
  readonly guarded: boolean;
  /** Whether it has a session of its own (not only a process group). */
  readonly ownSession: boolean;
  /** Resolves when it has exited (or could not be spawned). */
  readonly exited: Promise<ProcessExit>;
  /** Resolves when it has exited and its output is in (its log file written): its pipes closed, or 200 ms later if something it started keeps them open. */
  settled(): Promise<ProcessExit>;
  running(): boolean;
  /** Calls `listener` with every line it prints from now on; returns how to stop. */
  onLine(listener: (line: string, stream: OutputStream) => void): () => void;
  /** Its last `lines` non-blank lines (default 10), of both streams or of one. */
  tail(lines?: number, stream?: OutputStream): string;
  /** Sends `signal` to it (to its whole group when it has one of its own); nothing once it has exited. */
  signal(signal: NodeJS.Signals): void;
  /** SIGCONT (a paused process must run to end), then `signal`; SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs: number, signal?: NodeJS.Signals): Promise<void>;
}

/** Lines of output kept for {@link StartedProcess.tail}, per stream and for both. */
const KEPT_LINES = 200;

/** How long {@link StartedProcess.settled} waits for the pipes after the exit. */
const OUTPUT_FLUSH_MS = 200;

/** Process groups started here and still running: SIGKILLed when siochaos exits, whatever happens. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroupAtExit(pgid: number): void {
  liveGroups.add(pgid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const group of liveGroups) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/**
 * The one way siochaos starts a process: the reference server, a command
 * target, Toxiproxy. Spawns `command` (in a process group of its own with
 * `ownGroup`), appends its output to `logFile`, cuts it into lines with a
 * streaming UTF-8 decoder, keeps the last lines for error messages, and
 * signals and stops it. {@link waitUntilReady} waits for it to be ready.
 *
 * @example
 * const server = startProcess(['node', 'server.js'], { env, ownGroup: { session: true, deathSignal: 'KILL' } });
 * const ready = await waitUntilReady(server, { line: (line) => (/listening/.test(line) ? true : undefined), timeoutMs: 15_000 });
 * if (!ready.ready) throw new Error(`it ${ready.why === 'exited' ? 'exited' : 'did not start in time'}: ${server.tail(8)}`);
 * await server.stop(5000);
 */
export function startProcess(command: readonly string[], options: StartOptions = {}): StartedProcess {
  const how = options.ownGroup
    ? ownGroupSpawn(command, options.ownGroup)
    : { command: [...command], detached: false, guarded: false };
  const [file, ...args] = how.command;
  const child = spawn(file!, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: how.detached,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid ?? -1;
  const ownGroup = options.ownGroup !== undefined && pid > 0;
  if (ownGroup) killGroupAtExit(pid);
  // An EPIPE on its stdin (it died) must not crash siochaos.
  child.stdin?.on('error', () => undefined);

  const both = new LineTail(KEPT_LINES);
  const tails = { stdout: new LineTail(KEPT_LINES), stderr: new LineTail(KEPT_LINES) };
  const decoders = { stdout: new LineDecoder(), stderr: new LineDecoder() };
  const listeners = new Set<(line: string, stream: OutputStream) => void>();
  const log: WriteStream | undefined = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  log?.on('error', () => undefined);
  const take = (stream: OutputStream, lines: string[]): void => {
    for (const line of lines) {
      both.push(line);
      tails[stream].push(line);
      for (const listener of listeners) listener(line, stream);
    }
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.on('data', (chunk: Buffer) => {
      if (log && !log.writableEnded) log.write(chunk);
      take(stream, decoders[stream].write(chunk));
    });
    child[stream]?.on('end', () => take(stream, decoders[stream].end()));
  }

  let hasExited = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      liveGroups.delete(pid);
      child.stdin?.destroy();
      resolve({ code, signal });
    });
    child.on('error', (err) => {
      if (child.pid !== undefined || hasExited) return; // a failed kill, not a failed spawn
      take('stderr', [`could not start ${command[0]}: ${err.message}`]);
      hasExited = true;
      resolve({ code: null, signal: null });
    });
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  /** Ends the log file (what comes later is not kept): resolves when it is written. */
  const endLog = (): Promise<void> =>
    new Promise((resolve) => {
      if (!log || log.closed || log.errored) return resolve();
      log.once('close', () => resolve());
      log.once('error', () => resolve());
      if (!log.writableEnded) log.end();
    });
  void closed.then(endLog);
  let settled: Promise<ProcessExit> | undefined;

  const started: StartedProcess = {
    child,
    pid,
    guarded: how.guarded,
    ownSession: how.detached,
    exited,
    settled: () =>
      (settled ??= exited.then(async (exit) => {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, OUTPUT_FLUSH_MS)))]);
        clearTimeout(timer);
        await endLog();
        return exit;
      })),
    running: () => !hasExited,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tail(lines = 10, stream) {
      const kept = stream ? tails[stream] : both;
      const partials = stream ? [decoders[stream].partial] : [decoders.stdout.partial, decoders.stderr.partial];
      return [...kept.last(KEPT_LINES), ...partials]
        .filter((line) => line.trim() !== '')
        .slice(-lines)
        .join('\n');
    },
    signal(signal) {
      if (hasExited) return;
      try {
        if (ownGroup) {
          process.kill(-pid, signal);
          return;
        }
      } catch {
        // no group yet (the wrapper has not set it up), or already gone: signal the process itself
      }
      child.kill(signal);
    },
    async stop(graceMs, signal = 'SIGTERM') {
      if (hasExited) return;
      started.signal('SIGCONT');
      started.signal(signal);
      const timer = setTimeout(() => started.signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return started;
}

/** How to tell that a started process is ready; a value other than undefined means it is. */
export interface ReadyCheck<T> {
  /** Reads each line it prints. */
  line?: (line: string, stream: OutputStream) => T | undefined;
  /** Asked every `intervalMs` (e.g. whether its port accepts connections); a throw counts as not yet. */
  poll?: () => Promise<T | undefined> | T | undefined;
  timeoutMs: number;
  /** Default 50 ms. */
  intervalMs?: number;
}

/** Whether a process became ready, with the value that said so, or why not. */
export type Readiness<T> = { ready: true; value: T } | { ready: false; why: 'exited' | 'timeout' };

/**
 * Waits until `started` is ready (a line it prints or a poll says so), has
 * exited (its output in), or `timeoutMs` has passed. It does not stop the
 * process: on a timeout the caller decides. Call it right after
 * {@link startProcess}, so that no line is missed.
 *
 * @example
 * const ready = await waitUntilReady(server, { poll: () => portOpen('127.0.0.1', port) || undefined, timeoutMs: 15_000 });
 * if (!ready.ready && ready.why === 'timeout') await server.stop(1000, 'SIGKILL');
 */
export function waitUntilReady<T>(started: StartedProcess, check: ReadyCheck<T>): Promise<Readiness<T>> {
  return new Promise((resolve) => {
    let done = false;
    let poller: NodeJS.Timeout | undefined;
    const finish = (result: Readiness<T>): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(poller);
      stopReading();
      resolve(result);
    };
    const deadline = setTimeout(() => finish({ ready: false, why: 'timeout' }), check.timeoutMs);
    const { line, poll } = check;
    const stopReading = line
      ? started.onLine((text, stream) => {
          const value = line(text, stream);
          if (value !== undefined) finish({ ready: true, value });
        })
      : () => false;
    void started.settled().then(() => finish({ ready: false, why: 'exited' }));
    if (!poll) return;
    const probe = async (): Promise<void> => {
      let value: T | undefined;
      try {
        value = await poll();
      } catch {
        value = undefined;
      }
      if (done) return;
      if (value !== undefined) finish({ ready: true, value });
      else poller = setTimeout(() => void probe(), check.intervalMs ?? 50);
    };
    void probe();
  });
}
