/**
 * The bug zoo: delivery mistakes real Socket.IO servers make, each planted in
 * the reference server behind `--bug <name>`. Every bug is a small conditional
 * in the real code path, never a copy of the server. The harness lists them
 * (with what each breaks) to prove that its checkers catch each one.
 */
import { guaranteeOf, type AnomalyKind, type Guarantee } from '../../harness/src/model/anomalies.js';

/** The guarantee a bug breaks: one of the harness's contract table (`harness/src/model/anomalies.ts`). */
export type BrokenGuarantee = Guarantee;

/** The anomaly a checker reports when it catches the bug: a kind of the harness's contract table. */
export type ExpectedAnomaly = AnomalyKind;

/** What the zoo says about one bug. */
export interface BugInfo {
  /** One line: what the server does wrong. */
  readonly description: string;
  /** The guarantee it breaks: the contract's guarantee of its first anomaly. */
  readonly breaks: BrokenGuarantee;
  /** The anomalies a checker can report for it, the one that shows the broken guarantee first. */
  readonly anomalies: readonly ExpectedAnomaly[];
  /** What a scenario needs to expose it (faults, client strategy). */
  readonly exposedBy: string;
}

function bug(description: string, anomalies: readonly [ExpectedAnomaly, ...ExpectedAnomaly[]], exposedBy: string): BugInfo {
  return { description, breaks: guaranteeOf(anomalies[0]), anomalies, exposedBy };
}

/**
 * Every planted bug, by name.
 *
 * @example
 * for (const [name, bug] of Object.entries(BUGS)) console.log(`${name}: ${bug.description}`);
 */
export const BUGS = {
  'no-unique': bug(
    'the messages table has no UNIQUE constraint on client_offset, so a retry stores a second row',
    ['duplicated'],
    'a retrying client whose ack is lost or slow (latency, cut connection, crash after insert)',
  ),
  'ack-before-insert': bug(
    'the ack is sent before the insert runs, and an insert that then fails is silently lost',
    ['lost'],
    'a database error or stall, or a crash between the ack and the insert',
  ),
  'insert-not-awaited': bug(
    'the insert is fired without awaiting it, outside the mutex and after a small random delay, and the ack leaves at once',
    ['reordered', 'lost', 'out-of-order-delivery'],
    'a client sending several messages in a row; a database error',
  ),
  'swallow-db-error': bug(
    'a database error on insert is caught, logged and acknowledged anyway',
    ['lost'],
    'a database error or stall (locked SQLite file, stalled PostgreSQL)',
  ),
  'dup-ack-no-broadcast-lost': bug(
    'the broadcast is deferred after the ack, and a retry hitting the UNIQUE path cancels it as already handled, so nobody receives the message live',
    ['missed'],
    'a client retrying a message within 100 ms of its first attempt (short ack timeout, slow ack)',
  ),
  'catchup-no-order': bug(
    'the catch-up query has no usable ORDER BY (rows come back in reverse id order)',
    ['out-of-order-delivery'],
    'a client that (re)connects without recovery while two or more messages are newer than its offset',
  ),
  'catchup-gte': bug(
    'the catch-up query uses id >= serverOffset instead of id >, re-sending the last message the client has',
    ['duplicated-delivery'],
    'a client that reconnects without recovery after it has received a message',
  ),
  'no-db-catchup': bug(
    'connection state recovery is on, but a socket that was not recovered gets no catch-up from the database',
    ['missed'],
    'a server restart, or a disconnection longer than recovery allows, with messages sent meanwhile',
  ),
  'broadcast-excludes-sender': bug(
    'the broadcast uses socket.broadcast (socket.to(room)), so the sender never receives its own message',
    ['missed'],
    'any client that sends a message',
  ),
  'memory-dedupe': bug(
    'retries are deduplicated with an in-memory Set of client offsets instead of a UNIQUE constraint, which a restart forgets',
    ['duplicated'],
    'a crash after the insert and before the ack, then the client retrying against the restarted server',
  ),
  'catchup-race': bug(
    'the socket joins the live room before its catch-up query and the catch-up is not serialised with broadcasts',
    ['duplicated-delivery', 'out-of-order-delivery'],
    'a client connecting without recovery while other clients are sending',
  ),
  'no-retry-ack-on-duplicate': bug(
    'a retry that hits the UNIQUE violation is never acknowledged, so its client retries until it gives up',
    ['unacknowledged'],
    'a retrying client whose first ack was lost (cut connection, crash after insert)',
  ),
  'catchup-ignores-recovered': bug(
    'a socket restored by connection state recovery also gets a database catch-up, on top of the packets recovery replays',
    ['duplicated-delivery', 'out-of-order-delivery'],
    'a short network cut with messages sent while the client was away',
  ),
} satisfies Record<string, BugInfo>;

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
