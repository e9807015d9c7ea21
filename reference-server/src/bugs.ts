/**
 * The bug zoo: delivery mistakes real Socket.IO servers make, each planted in
 * the reference server behind `--bug <name>`. Every bug is a small conditional
 * in the real code path, never a copy of the server. The harness lists them
 * (with what each breaks) to prove that its checkers catch each one.
 */
import { guaranteeOf, type AnomalyKind, type Guarantee } from '../../harness/src/model/anomalies.js';
import { ADAPTER_NAMES, type AdapterName } from './config.js';

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
  /**
   * Set for a multi-node bug: it lives in the code only a node of several
   * runs (`--adapter`), and shows with these adapters.
   */
  readonly multiNode?: { readonly adapters: readonly (AdapterName | 'cluster')[] };
}

function bug(description: string, anomalies: readonly [ExpectedAnomaly, ...ExpectedAnomaly[]], exposedBy: string): BugInfo {
  return { description, breaks: guaranteeOf(anomalies[0]), anomalies, exposedBy };
}

function nodeBug(
  description: string,
  anomalies: readonly [ExpectedAnomaly, ...ExpectedAnomaly[]],
  exposedBy: string,
  adapters: readonly (AdapterName | 'cluster')[] = [...ADAPTER_NAMES, 'cluster'],
): BugInfo & Required<Pick<BugInfo, 'multiNode'>> {
  return { ...bug(description, anomalies, exposedBy), multiNode: { adapters } };
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

/**
 * The multi-node bugs: each lives in code only a node of several runs
 * (`--adapter`), so a single process never shows it; the harness plants them
 * in a target with nodes. Kept apart from {@link BUGS} so that what runs the
 * single-process zoo keeps running it.
 *
 * @example
 * for (const [name, bug] of Object.entries(NODE_BUGS)) console.log(`${name} (${bug.multiNode?.adapters.join(', ')}): ${bug.description}`);
 */
export const NODE_BUGS = {
  'adapter-broadcast': nodeBug(
    'each row is broadcast to every node\'s clients through the adapter (io.to(room).emit) by the node that stored it, as the tutorial broadcasts an insert\'s reply; nodes never read the table for rows to publish, and a catch-up reads every row after the offset unserialised with those broadcasts: a node cut from the adapter never delivers what others stored meanwhile',
    ['missed', 'duplicated-delivery', 'out-of-order-delivery'],
    'an adapter partition of one node while clients on other nodes send (Redis Pub/Sub and PostgreSQL NOTIFY keep nothing for a node that is away; Redis Streams reads on from where it was); a node crash between a commit and its broadcast',
    ['redis', 'postgres'],
  ),
  'local-broadcast': nodeBug(
    'each node broadcasts only the rows it stored to its own clients (io.local), and never tells the other nodes nor reads the table for their rows: clients on other nodes get a row only when their node stores one after it, or when they reconnect',
    ['missed'],
    'two or more nodes with clients sending on some of them',
  ),
  'trust-recovered': nodeBug(
    'rows go to every node through the adapter, as with adapter-broadcast, so that Redis Streams can replay them, and a socket restored by connection state recovery skips the database catch-up: a row that was never broadcast (its node died between the commit and the broadcast, and the retry found it stored) never reaches a client that recovered',
    ['missed', 'duplicated-delivery', 'out-of-order-delivery'],
    'a node crash after an insert and before its broadcast, the sender retrying on another node, and a client that loses its connection and recovers its session (the Redis Streams adapter restores sessions across nodes; with the others no socket recovers and it behaves as adapter-broadcast)',
    ['redis-streams'],
  ),
  'node-memory-dedupe': nodeBug(
    'retries are deduplicated with an in-memory Set of client offsets that each node shares with the others through the adapter after its ack, instead of a UNIQUE constraint: a retry that lands on another node before the news does is stored twice',
    ['duplicated'],
    'a retrying client moved to another node after its insert, with its first node crashed before the ack or cut from the adapter',
  ),
  'node-local-offsets': nodeBug(
    'each node numbers the rows it broadcasts with a counter of its own, started at 0 when the node starts, instead of sending the row id, while catch-ups read the table by id: offsets mean different rows on different nodes and after a restart',
    ['missed', 'duplicated-delivery', 'out-of-order-delivery'],
    'a node restart, or a client moving between nodes that started at different times, with messages stored before',
  ),
  'no-adapter-error-listener': nodeBug(
    'the adapter\'s clients have no error listener (Redis clients throw an error event nobody handles, as node-redis does; a checked-out pg client does too): the first adapter outage kills the node',
    ['target-crashed'],
    'an adapter partition of a node, or the adapter\'s backend going down',
    ADAPTER_NAMES,
  ),
} satisfies Record<string, BugInfo>;

/** The name of a planted single-process bug. */
export type BugName = keyof typeof BUGS;

/** The name of a planted multi-node bug. */
export type NodeBugName = keyof typeof NODE_BUGS;

/** Any planted bug's name: what `--bug` takes. */
export type AnyBugName = BugName | NodeBugName;

/** Every single-process bug name, in the zoo's order. */
export const BUG_NAMES = Object.keys(BUGS) as BugName[];

/** Every multi-node bug name, in the zoo's order. */
export const NODE_BUG_NAMES = Object.keys(NODE_BUGS) as NodeBugName[];

/** Every bug name `--bug` takes: the single-process ones, then the multi-node ones. */
export const ALL_BUG_NAMES: readonly AnyBugName[] = [...BUG_NAMES, ...NODE_BUG_NAMES];

/**
 * Whether `name` is a planted single-process bug.
 *
 * @example
 * isBugName('no-unique'); // true
 */
export function isBugName(name: string): name is BugName {
  return Object.hasOwn(BUGS, name);
}

/**
 * Whether `name` is a planted multi-node bug.
 *
 * @example
 * isNodeBugName('local-broadcast'); // true
 */
export function isNodeBugName(name: string): name is NodeBugName {
  return Object.hasOwn(NODE_BUGS, name);
}

/**
 * What the zoo says about any planted bug, single-process or multi-node.
 *
 * @example
 * bugInfo('node-memory-dedupe').anomalies; // ['duplicated']
 */
export function bugInfo(name: AnyBugName): BugInfo {
  return isBugName(name) ? BUGS[name] : NODE_BUGS[name];
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
  readonly #names: ReadonlySet<AnyBugName>;

  constructor(names: Iterable<AnyBugName> = []) {
    this.#names = new Set(names);
  }

  has(name: AnyBugName): boolean {
    return this.#names.has(name);
  }

  /** Whether any of `names` is planted. */
  hasAny(...names: AnyBugName[]): boolean {
    return names.some((name) => this.#names.has(name));
  }

  /** The planted bugs, in the zoo's order. */
  list(): AnyBugName[] {
    return ALL_BUG_NAMES.filter((name) => this.#names.has(name));
  }
}
