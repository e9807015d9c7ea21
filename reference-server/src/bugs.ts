/**
 * The bug zoo: delivery mistakes real Socket.IO servers make, each planted in
 * the reference server behind `--bug <name>`. Every bug is a small conditional
 * in the real code path, never a copy of the server. The harness lists them
 * (with what each breaks) to prove that its checkers catch each one.
 */

/**
 * The guarantee a bug breaks. The names are the harness checkers' own
 * (`harness/src/checkers/Checker.ts`), repeated here so the reference server
 * imports nothing from the harness.
 */
export type BrokenGuarantee =
  | 'stored-at-least-once'
  | 'stored-at-most-once'
  | 'stored-in-send-order'
  | 'acknowledged-once-stored'
  | 'delivered-to-every-client'
  | 'delivered-at-most-once'
  | 'delivered-in-offset-order';

/** The anomaly a checker reports when it catches the bug (the harness's kinds). */
export type ExpectedAnomaly =
  | 'lost'
  | 'abandoned'
  | 'duplicated'
  | 'reordered'
  | 'unacknowledged'
  | 'missed'
  | 'duplicated-delivery'
  | 'out-of-order-delivery';

/** What the zoo says about one bug. */
export interface BugInfo {
  /** One line: what the server does wrong. */
  readonly description: string;
  /** The guarantee it breaks. */
  readonly breaks: BrokenGuarantee;
  /** The anomalies a checker can report for it. */
  readonly anomalies: readonly ExpectedAnomaly[];
  /** What a scenario needs to expose it (faults, client strategy). */
  readonly exposedBy: string;
}

/**
 * Every planted bug, by name.
 *
 * @example
 * for (const [name, bug] of Object.entries(BUGS)) console.log(`${name}: ${bug.description}`);
 */
export const BUGS = {
  'no-unique': {
    description: 'the messages table has no UNIQUE constraint on client_offset, so a retry stores a second row',
    breaks: 'stored-at-most-once',
    anomalies: ['duplicated'],
    exposedBy: 'a retrying client whose ack is lost or slow (latency, cut connection, crash after insert)',
  },
  'ack-before-insert': {
    description: 'the ack is sent before the insert runs, and an insert that then fails is silently lost',
    breaks: 'stored-at-least-once',
    anomalies: ['lost'],
    exposedBy: 'a database error or stall, or a crash between the ack and the insert',
  },
  'insert-not-awaited': {
    description: 'the insert is fired without awaiting it, outside the mutex and after a small random delay, and the ack leaves at once',
    breaks: 'stored-in-send-order',
    anomalies: ['reordered', 'lost', 'out-of-order-delivery'],
    exposedBy: 'a client sending several messages in a row; a database error',
  },
  'swallow-db-error': {
    description: 'a database error on insert is caught, logged and acknowledged anyway',
    breaks: 'stored-at-least-once',
    anomalies: ['lost'],
    exposedBy: 'a database error or stall (locked SQLite file, stalled PostgreSQL)',
  },
  'dup-ack-no-broadcast-lost': {
    description: 'the broadcast is deferred after the ack, and a retry hitting the UNIQUE path cancels it as already handled, so nobody receives the message live',
    breaks: 'delivered-to-every-client',
    anomalies: ['missed'],
    exposedBy: 'a client retrying a message within 100 ms of its first attempt (short ack timeout, slow ack)',
  },
  'catchup-no-order': {
    description: 'the catch-up query has no usable ORDER BY (rows come back in reverse id order)',
    breaks: 'delivered-in-offset-order',
    anomalies: ['out-of-order-delivery'],
    exposedBy: 'a client that (re)connects without recovery while two or more messages are newer than its offset',
  },
  'catchup-gte': {
    description: 'the catch-up query uses id >= serverOffset instead of id >, re-sending the last message the client has',
    breaks: 'delivered-at-most-once',
    anomalies: ['duplicated-delivery'],
    exposedBy: 'a client that reconnects without recovery after it has received a message',
  },
  'no-db-catchup': {
    description: 'connection state recovery is on, but a socket that was not recovered gets no catch-up from the database',
    breaks: 'delivered-to-every-client',
    anomalies: ['missed'],
    exposedBy: 'a server restart, or a disconnection longer than recovery allows, with messages sent meanwhile',
  },
  'broadcast-excludes-sender': {
    description: 'the broadcast uses socket.broadcast (socket.to(room)), so the sender never receives its own message',
    breaks: 'delivered-to-every-client',
    anomalies: ['missed'],
    exposedBy: 'any client that sends a message',
  },
  'memory-dedupe': {
    description: 'retries are deduplicated with an in-memory Set of client offsets instead of a UNIQUE constraint, which a restart forgets',
    breaks: 'stored-at-most-once',
    anomalies: ['duplicated'],
    exposedBy: 'a crash after the insert and before the ack, then the client retrying against the restarted server',
  },
  'catchup-race': {
    description: 'the socket joins the live room before its catch-up query and the catch-up is not serialised with broadcasts',
    breaks: 'delivered-at-most-once',
    anomalies: ['duplicated-delivery', 'out-of-order-delivery'],
    exposedBy: 'a client connecting without recovery while other clients are sending',
  },
  'no-retry-ack-on-duplicate': {
    description: 'a retry that hits the UNIQUE violation is never acknowledged, so its client retries until it gives up',
    breaks: 'acknowledged-once-stored',
    anomalies: ['unacknowledged'],
    exposedBy: 'a retrying client whose first ack was lost (cut connection, crash after insert)',
  },
  'catchup-ignores-recovered': {
    description: 'a socket restored by connection state recovery also gets a database catch-up, on top of the packets recovery replays',
    breaks: 'delivered-at-most-once',
    anomalies: ['duplicated-delivery', 'out-of-order-delivery'],
    exposedBy: 'a short network cut with messages sent while the client was away',
  },
} as const satisfies Record<string, BugInfo>;

/** The name of a planted bug. */
export type BugName = keyof typeof BUGS;

/** Every bug name, in the zoo's order. */
export const BUG_NAMES = Object.keys(BUGS) as BugName[];

/**
 * Whether `name` is a planted bug.
 *
 * @example
 * isBugName('no-unique'); // true
 */
export function isBugName(name: string): name is BugName {
  return Object.hasOwn(BUGS, name);
}

/**
 * The set of bugs a server runs with. Each check in the server is
 * `bugs.has('<name>')`; an empty set is the correct server.
 *
 * @example
 * const bugs = new BugSet(['no-unique']);
 * if (bugs.has('no-unique')) createTableWithoutUnique();
 */
export class BugSet {
  readonly #names: ReadonlySet<BugName>;

  constructor(names: Iterable<BugName> = []) {
    this.#names = new Set(names);
  }

  has(name: BugName): boolean {
    return this.#names.has(name);
  }

  /** Whether any of `names` is planted. */
  hasAny(...names: BugName[]): boolean {
    return names.some((name) => this.#names.has(name));
  }

  /** The planted bugs, in the zoo's order. */
  list(): BugName[] {
    return BUG_NAMES.filter((name) => this.#names.has(name));
  }
}
