/** Where clients reach a target (directly, not through Toxiproxy). */
export interface TargetAddress {
  host: string;
  port: number;
}

/** One stored message, as the checker needs it. */
export interface StoredRow {
  /** The server offset (the row's id). */
  offset: number;
  /** The client offset stored with it, or null when the target stored none. */
  msg: string | null;
  content: string;
}

/**
 * Control over the target's process, when the harness started it. Process
 * faults use it; a target reached by URL has none.
 */
export interface TargetProcess {
  /** The PID of the running process, or undefined while it is down. */
  pid(): number | undefined;
  /** Whether a process is up right now. */
  isRunning(): boolean;
  /** Sends a signal to the process without waiting (SIGSTOP, SIGCONT, ...). */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL and wait until it is gone. */
  crash(): Promise<void>;
  /** SIGTERM (graceful) and wait until it is gone. */
  terminate(): Promise<void>;
  /** Starts it again on the same port and the same store. */
  restart(): Promise<void>;
}

/**
 * The server under test: how to start and stop it, where clients connect, and
 * how to read back what it stored.
 *
 * @example
 * const target = referenceServerTarget({ dataDir });
 * const address = await target.start();
 * const rows = await target.readStore();
 * await target.stop();
 */
export interface Target {
  readonly name: string;
  /** Starts the target; resolves once it accepts connections. */
  start(): Promise<TargetAddress>;
  /** Reads every stored message, in server-offset order. */
  readStore(): Promise<StoredRow[]>;
  /** Stops the target and releases what it holds. Idempotent. */
  stop(): Promise<void>;
  /** Process control, when the harness owns the process. */
  readonly process?: TargetProcess;
}
