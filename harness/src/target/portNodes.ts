import createDebug from 'debug';
import { ExitMonitor, type TargetExit } from './exitMonitor.js';
import { mainThreadEnded } from '../../../shared/process/liveness.js';
import { groupMembers, holdsSocket, portOwners, processAlive, type PortOwner } from './portOwner.js';
import type { TargetProcess } from './Target.js';

const debug = createDebug('siochaos:target');

/** How often, at most, a node that is not found is looked for again. */
const LOOKUP_EVERY_MS = 200;

/** How often the watch checks that each node's process still lives. */
const WATCH_EVERY_MS = 100;

/** How long a node's exit waits for the command to tell its status (a `worker-exit` line), and for the whole command's own exit to be known. */
const STATUS_WAIT_MS = 500;

/**
 * How long, while its command runs, a node's exit under a signal mark (a
 * `crash-at` armed) waits for its status: whether it is told depends on
 * that status, and a primary that lives always prints it, so a loaded
 * machine that kept siochaos from reading it for more than
 * {@link STATUS_WAIT_MS} must not turn siochaos's own kill into a crash.
 * The line ends the wait early.
 */
const SIGNAL_STATUS_WAIT_MS = 5000;

/** How often a wait for a status looks whether it has come. */
const STATUS_POLL_MS = 25;

/**
 * How many more turns of the event loop a wait for a status gives once its
 * time is up: a timer that fires on a resume after a long stall runs before
 * the poll phase reads a line already in the pipe.
 */
const STATUS_IO_TURNS = 3;

/** How a node's process ended, when the command says so (see {@link PortNodes.exitStatus}). */
export type ExitStatus = Pick<TargetExit, 'code' | 'signal'>;

/** What {@link PortNodes} needs. */
export interface PortNodesOptions {
  /** How many nodes (ports). */
  count: number;
  /** Every node's port, in node order (the one command's `{ports}`). */
  ports: () => readonly number[];
  /** The whole command: its root process, for its process group and whether it runs. */
  whole: Pick<TargetProcess, 'pid' | 'isRunning'>;
  /** The command's last stderr lines (its workers write to the same stream), for a node's exit. */
  stderr: () => string;
}

/** A node process found behind its port, watched until it is gone. */
interface Watched {
  index: number;
  pid: number;
  /** The root process it was found under: a node that dies with (or after) its root is the root's exit, not its own. */
  root: number;
  exited: ReturnType<ExitMonitor['started']>;
}

/**
 * The node processes of one command that opens every node's port (`{ports}`,
 * a node:cluster server): each node is the process behind its port, found
 * through /proc ({@link portOwners}) among the command's process group, and
 * watched while it lives. A node process that ends while its command runs,
 * and that siochaos did not end ({@link expect} first), is told to the
 * listeners as an exit of that node (`target-exit` with its name); a worker
 * the command forks again on the port becomes the node's process. The
 * status of an exit is known when the command prints it
 * (`{"event":"worker-exit","pid":N,"code":C,"signal":S}`, as the reference
 * server's primary does: {@link exitStatus}); else it is unknown (code and
 * signal null): the process was not siochaos's child.
 *
 * @example
 * const nodes = new PortNodes({ count: 3, ports: () => inner.ports(), whole: inner.process!, stderr: () => '' });
 * nodes.watch();
 * nodes.listen((exit) => console.log(exit.node, 'died'));
 * nodes.expect(1); process.kill(nodes.pid(1)!, 'SIGKILL'); // not told
 */
export class PortNodes {
  readonly #options: PortNodesOptions;
  readonly #monitors: ExitMonitor[];
  readonly #known: PortOwner[];
  readonly #watched: Watched[] = [];
  readonly #statuses = new Map<number, ExitStatus>();
  #lastLookup = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: PortNodesOptions) {
    this.#options = options;
    this.#monitors = Array.from({ length: options.count }, () => new ExitMonitor());
    this.#known = Array.from({ length: options.count }, () => undefined);
  }

  /**
   * The process behind node `index`'s port: the one found last while it
   * lives and holds the listening socket (a look at its fds alone), else a
   * lookup among the command's process group, at most every
   * {@link LOOKUP_EVERY_MS} (the load balancer asks every 100 ms, and reading
   * /proc/net/tcp costs tens of ms). Undefined while the command is down or
   * nothing (yet) listens there.
   */
  pid(index: number): number | undefined {
    const root = this.#options.whole.pid();
    if (!this.#options.whole.isRunning() || root === undefined) return undefined;
    const known = this.#known[index];
    if (known && processAlive(known.pid) && holdsSocket(known.pid, known.inode)) return known.pid;
    // Gone: its mark is what it is now (see #check).
    if (known && !processAlive(known.pid)) this.#check();
    if (Date.now() - this.#lastLookup < LOOKUP_EVERY_MS) return undefined;
    this.#lastLookup = Date.now();
    const found = portOwners(this.#options.ports(), groupMembers(root));
    found.forEach((owner, i) => {
      this.#known[i] = owner;
      if (owner && !this.#watched.some((w) => w.pid === owner.pid)) {
        this.#check();
        debug('node n%d is pid %d', i, owner.pid);
        this.#watched.push({ index: i, pid: owner.pid, root, exited: this.#monitors[i]!.started() });
      }
    });
    return this.#known[index]?.pid;
  }

  /**
   * Marks node `index`'s process's exit as siochaos's (see {@link ExitMonitor.expect}).
   * A node already dead keeps the mark it died under: a fault's heal that
   * clears the mark may come before the watch (every {@link WATCH_EVERY_MS},
   * later on a loaded machine) has seen siochaos's own kill.
   */
  expect(index: number, expected: boolean | NodeJS.Signals = true): void {
    this.#check();
    this.#monitors[index]?.expect(expected);
  }

  /** Marks every node's exit as siochaos's (the whole command is about to end); a node already dead keeps its mark, as with {@link expect}. */
  expectAll(expected: boolean | NodeJS.Signals = true): void {
    this.#check();
    this.#monitors.forEach((monitor) => monitor.expect(expected));
  }

  /** Hears node `index`'s unexpected exits, each with its node's name; returns how to stop. */
  listen(index: number, listener: (exit: TargetExit) => void): () => void {
    return this.#monitors[index]!.listen((exit) => listener({ ...exit, node: `n${index}` }));
  }

  /** The command said how process `pid` ended (a `worker-exit` line). */
  exitStatus(pid: number, status: ExitStatus): void {
    this.#statuses.set(pid, status);
  }

  /** Starts checking every {@link WATCH_EVERY_MS} that each node's process lives (and looking for the missing ones). Idempotent. */
  watch(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#check();
      if (this.#options.whole.isRunning() && this.#known.some((owner) => !owner || !processAlive(owner.pid))) this.pid(0);
    }, WATCH_EVERY_MS);
    this.#timer.unref();
  }

  /** Stops watching (the target stops). */
  unwatch(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Hands every watched process that is gone, or dying (its main thread ended), to {@link #gone}. */
  #check(): void {
    for (let i = this.#watched.length - 1; i >= 0; i--) {
      const watched = this.#watched[i]!;
      if (!mainThreadEnded(watched.pid)) continue;
      this.#watched.splice(i, 1);
      // Whether siochaos caused it is decided by the mark it has now, not after the wait for its status.
      watched.exited.freeze();
      void this.#gone(watched);
    }
  }

  /**
   * A node's process is gone: once its status is told (or
   * {@link STATUS_WAIT_MS} has passed; {@link SIGNAL_STATUS_WAIT_MS} under a
   * signal mark, whose judgement needs it), its exit goes to its monitor,
   * unless its root has gone too (the whole command ended: the root's exit
   * says so, expected or not). A status still unknown under a signal mark is
   * taken as siochaos's (see {@link ExitMonitor.started}).
   */
  async #gone(watched: Watched): Promise<void> {
    const rootStays = (): boolean => this.#options.whole.isRunning() && this.#options.whole.pid() === watched.root;
    const mark = watched.exited.mark();
    let known = await this.#statusWithin(watched.pid, STATUS_WAIT_MS, rootStays);
    if (!known && typeof mark === 'string' && rootStays()) known = await this.#statusWithin(watched.pid, SIGNAL_STATUS_WAIT_MS, rootStays);
    const status = this.#statuses.get(watched.pid) ?? { code: null, signal: null };
    this.#statuses.delete(watched.pid);
    debug('node n%d (pid %d) is gone (%s)%s', watched.index, watched.pid, status.signal ?? `code ${status.code ?? '?'}`, rootStays() ? '' : ' with its command');
    if (!rootStays()) return;
    if (!known && typeof mark === 'string') {
      debug('node n%d (pid %d): no status within %d ms while its command runs: taken as the %s siochaos armed', watched.index, watched.pid, STATUS_WAIT_MS + SIGNAL_STATUS_WAIT_MS, mark);
    }
    watched.exited({ ...status, stderr: this.#options.stderr() });
  }

  /**
   * Whether the command has told process `pid`'s status, waiting for it at
   * most `ms` (less when the command ends), then {@link STATUS_IO_TURNS}
   * more turns for a line already in the pipe.
   */
  async #statusWithin(pid: number, ms: number, rootStays: () => boolean): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.#statuses.has(pid) && Date.now() < deadline && rootStays()) await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    for (let turn = 0; turn < STATUS_IO_TURNS && !this.#statuses.has(pid); turn++) await new Promise((resolve) => setImmediate(resolve));
    return this.#statuses.has(pid);
  }
}
