import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import createDebug from 'debug';
import { parseDuration } from '../util/parseDuration.js';
import type { CommandTargetConfig } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';
import { freePort } from '../net/freePort.js';
import { portOpen } from '../net/portOpen.js';
import { startProcess, waitUntilReady, type StartedProcess } from '../../../shared/process/startProcess.js';
import { fill, type Placeholders } from '../stores/readers.js';
import type { StoreReader } from '../stores/StoreReader.js';
import { EXIT_STDERR_LINES, ExitMonitor } from './exitMonitor.js';
import { NoStoreError } from './NoStoreError.js';
import type { StoredRow, Target, TargetAddress, TargetProcess } from './Target.js';
import { howItEnded } from '../history/howItEnded.js';
import { sleep } from '../net/waitFor.js';
import { groupMembers } from './portOwner.js';

const debug = createDebug('siochaos:target');

/** What a command target needs besides its config. */
export interface CommandTargetOptions {
  config: CommandTargetConfig;
  /** This scenario's own folder ({dataDir}). */
  dataDir: string;
  /** Where each process's output is kept (one file per process). */
  logDir: string;
  /** Reads what the target stored; undefined for a `none` store. */
  store: (values: Placeholders) => StoreReader | undefined;
  /** Extra placeholder values, e.g. the proxied {databaseUrl}. */
  placeholders?: Placeholders;
  /**
   * How many ports the one command opens (default 1): with more, `{ports}` is
   * that many free ports, comma-separated (`{port}` the first), and the
   * target is ready once every one accepts connections (a node:cluster
   * server, one worker per port).
   */
  ports?: number;
  /** Which node this command is, when it is one of several (`n1`): in its log file's name and its messages. */
  node?: string;
  /** Hears every line the command prints (each process it is started as), e.g. a node:cluster primary's `worker-exit` lines. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A command target: a {@link Target} that tells the ports it gave its command. */
export interface CommandTarget extends Target {
  /** The ports of the running command, `{ports}` in order (one for a single port); empty before the start. */
  ports(): number[];
  /** The last `lines` lines the current (or last) process wrote to stderr. */
  stderrTail(lines: number): string;
}

/** What a server prints when the port it was given is taken (Node, Python, Go, Java; `port 3000 ... is already in use`). */
const PORT_TAKEN = /EADDRINUSE|address already in use|port \d+\b.*\balready in use/i;

/** Starts tried, each on a fresh port, while the port is taken before the server listens on it. */
const START_ATTEMPTS = 3;

/**
 * How long a command target's command gets to be ready (`startTimeout`, default 15 s).
 *
 * @example
 * startTimeoutMs({ kind: 'command', command: ['node', 'server.js'], startTimeout: '5s' }); // 5000
 */
export function startTimeoutMs(config: CommandTargetConfig): number {
  return config.startTimeout === undefined ? 15_000 : typeof config.startTimeout === 'number' ? config.startTimeout : parseDuration('startTimeout', config.startTimeout);
}

/**
 * The user's own server, started from a command line in its own process
 * group: on a free loopback port, ready when the port accepts connections (or
 * when a log line matches), its output kept per process. Crash, restart and
 * pause act on the whole group.
 *
 * @example
 * const target = commandTarget({ config: { kind: 'command', command: ['node', 'server.js'], env: { PORT: '{port}' } },
 *   dataDir, logDir, store: (v) => storeReader(storeConfig, v) });
 */
export function commandTarget(options: CommandTargetOptions): CommandTarget {
  const { config, dataDir, logDir } = options;
  const portCount = options.ports ?? 1;
  const readyWithinMs = startTimeoutMs(config);
  let ports: number[] = [];
  let values: Placeholders = {};
  let current: StartedProcess | undefined;
  let reader: StoreReader | undefined;
  let launches = 0;
  const exits = new ExitMonitor();
  mkdirSync(logDir, { recursive: true });

  /** Set when the last launch died because its port was taken. */
  let portTaken = false;

  async function launch(): Promise<void> {
    portTaken = false;
    if (ports.length === 0) ports = await freePorts(portCount);
    const port = ports[0]!;
    values = { port: String(port), host: '127.0.0.1', dataDir, db: path.join(dataDir, 'db.sqlite'), ...options.placeholders };
    if (portCount > 1) values.ports = ports.join(',');
    const command = config.command.map((arg) => fill(arg, values));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(config.env ?? {})) env[key] = fill(value, values);
    const logFile = path.join(logDir, `${path.basename(dataDir)}${options.node ? `-${options.node}` : ''}-process-${++launches}.log`);
    // A session of its own: crash, restart and pause act on everything it started; SIGKILL at siochaos's death also ends it paused.
    const started = startProcess(command, { cwd: config.cwd ?? process.cwd(), env, logFile, ownGroup: { session: true, deathSignal: 'KILL' } });
    current = started;
    if (options.onLine) started.onLine(options.onLine);
    const exited = exits.started();
    const ready = config.readyLog ? new RegExp(config.readyLog) : undefined;
    let closed: number[] = [];
    const readiness = await waitUntilReady(
      started,
      portCount > 1
        ? { poll: allPortsOpen(started, ports, ready, (still) => (closed = still)), timeoutMs: readyWithinMs, intervalMs: 100 }
        : {
            ...(ready ? { line: (line: string) => (ready.test(line) ? true : undefined) } : { poll: async () => (await portOpen('127.0.0.1', port)) || undefined }),
            timeoutMs: readyWithinMs,
          },
    );
    if (!readiness.ready) {
      const never = closed.map((p) => `${p} (n${ports.indexOf(p)})`).join(', ');
      const why =
        readiness.why === 'exited'
          ? 'it exited'
          : closed.length
            ? `port${closed.length > 1 ? 's' : ''} ${never} did not open within ${readyWithinMs} ms`
            : `it did not become ready within ${readyWithinMs} ms`;
      started.signal('SIGKILL');
      await started.exited;
      const tail = started.tail(8);
      // The port was free when freePort() returned it; on a shared machine another process can bind it first.
      if (readiness.why === 'exited' && PORT_TAKEN.test(tail)) portTaken = true;
      throw new SetupError(
        `the target \`${command.join(' ')}\`${options.node ? ` (node ${options.node})` : ''} did not start: ${why} (port${portCount > 1 ? `s ${values.ports}` : ` ${port}`}${ready ? `, waiting for /${config.readyLog}/` : ''})` +
          (tail ? `; its last output:\n${tail}` : '; it printed nothing'),
      );
    }
    debug('command target pid %d ready on port %s', started.pid, values.ports ?? port);
    void started.settled().then(({ code, signal }) => {
      debug('command target pid %d exited (%s)', started.pid, signal ?? `code ${code}`);
      const unexpected = exited({ code, signal, stderr: started.tail(EXIT_STDERR_LINES, 'stderr') });
      // The kept output says how it ended, beside what it printed.
      const how = howItEnded({ code, signal });
      try {
        appendFileSync(logFile, `\n[siochaos] the process ${how}${unexpected ? ': siochaos did not stop it (target-crashed)' : ', stopped by siochaos'}\n`);
      } catch (err) {
        debug('cannot note the exit in %s: %s', logFile, (err as Error).message);
      }
    });
  }

  const control: TargetProcess = {
    pid: () => (current?.running() ? current.pid : undefined),
    isRunning: () => current?.running() ?? false,
    signal: (signal) => current?.signal(signal),
    async crash() {
      if (!current?.running()) return;
      exits.expect();
      current.signal('SIGCONT');
      current.signal('SIGKILL');
      await current.exited;
      await groupGone(current, 0);
    },
    async terminate() {
      if (!current?.running()) return;
      exits.expect();
      await current.stop(5000);
      await groupGone(current, 2000);
    },
    async restart() {
      if (current?.running()) await control.terminate();
      await launch();
    },
    expectExit: (expected) => exits.expect(expected),
    onUnexpectedExit: (listener) => exits.listen(listener),
  };

  return {
    name: `command ${config.command[0]}`,
    process: control,
    promises: { process: true },
    ports: () => [...ports],
    stderrTail: (lines) => current?.tail(lines, 'stderr') ?? '',
    async start(): Promise<TargetAddress> {
      // A port lost to another process between freePort() and the server's listen is drawn again (a restart keeps its port: the proxies point at it).
      for (let attempt = 1; ; attempt++) {
        try {
          await launch();
          break;
        } catch (err) {
          if (!portTaken || attempt >= START_ATTEMPTS) throw err;
          debug('a port of %s was taken before the target listened on it: drawing again', ports.join(','));
          ports = [];
        }
      }
      reader = options.store(values);
      // A fresh store per scenario: {dataDir} is new, and a configured reset empties shared stores.
      await reader?.reset?.();
      return { host: '127.0.0.1', port: ports[0]! };
    },
    async readStore(): Promise<StoredRow[]> {
      if (!reader) throw new NoStoreError();
      return reader.read();
    },
    async stop() {
      await control.terminate();
    },
  };
}

/** `count` distinct free loopback ports. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * A readiness poll for a command that opens several ports: ready once its
 * ready line was printed (when it has one) and every port accepts
 * connections; `still` hears the ports not open yet, for the error.
 */
function allPortsOpen(started: StartedProcess, ports: readonly number[], ready: RegExp | undefined, still: (closed: number[]) => void) {
  let seen = ready === undefined;
  if (ready) {
    const stop = started.onLine((line) => {
      if (!ready.test(line)) return;
      seen = true;
      stop();
    });
  }
  return async (): Promise<true | undefined> => {
    const open = await Promise.all(ports.map((p) => portOpen('127.0.0.1', p)));
    const closed = ports.filter((_, i) => !open[i]);
    still(closed);
    return seen && closed.length === 0 ? true : undefined;
  };
}

/**
 * Waits until every process of `started`'s group has gone, not only the one
 * siochaos started (a node:cluster primary's workers end after it): after
 * `graceMs`, SIGKILL to the group; gives up (debug note) 5 s later.
 */
async function groupGone(started: StartedProcess, graceMs: number): Promise<void> {
  if (!started.ownSession || started.pid <= 0) return;
  const deadline = Date.now() + graceMs;
  let killed = false;
  for (let left = groupMembers(started.pid); left.length > 0; left = groupMembers(started.pid)) {
    if (!killed && Date.now() >= deadline) {
      debug('pids %s of group %d outlived it: SIGKILL', left.join(','), started.pid);
      killed = true;
      try {
        process.kill(-started.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    if (Date.now() > deadline + 5000) {
      debug('pids %s of group %d are still there', left.join(','), started.pid);
      return;
    }
    await sleep(20);
  }
}
