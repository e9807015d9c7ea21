/**
 * The contract: every anomaly kind siochaos can report, once, with the
 * guarantee it breaks, the side it is judged on, whom it blames, what it needs
 * to be judged at all, and the words reports use for it. Checkers, reporters,
 * the results.json schema, the bug zoo and the README's anomaly table all read
 * this table (a test checks the README against it). A leaf module: it imports
 * nothing.
 */

/**
 * Every anomaly kind, in the order reports list them: send side, receive side,
 * the target itself. A runtime tuple, so that a zod schema can say `z.enum(ANOMALY_KINDS)`.
 *
 * @example
 * ANOMALY_KINDS.includes('lost'); // true
 */
export const ANOMALY_KINDS = [
  'lost',
  'abandoned',
  'rejected',
  'duplicated',
  'reordered',
  'phantom',
  'unacknowledged',
  'missed',
  'duplicated-delivery',
  'out-of-order-delivery',
  'target-crashed',
  'bad-row-stored',
] as const;

/** Every anomaly kind a checker can name. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/**
 * Every guarantee an anomaly can break, with what it says. A runtime tuple for `z.enum(GUARANTEES)`.
 *
 * @example
 * GUARANTEES.includes('stored-at-least-once'); // true
 */
export const GUARANTEES = [
  'stored-at-least-once',
  'stored-at-most-once',
  'stored-in-send-order',
  'stored-only-if-sent',
  'acknowledged-once-stored',
  'delivered-to-every-client',
  'delivered-at-most-once',
  'delivered-in-offset-order',
  'target-stays-up',
  'stores-only-well-formed',
] as const;

/** The guarantee an anomaly breaks, in words a report can show. */
export type Guarantee = (typeof GUARANTEES)[number];

/**
 * Where an anomaly is judged: what the store holds versus what clients sent
 * (`send`), what each client received versus what is stored (`receive`), or
 * the target itself (`target`).
 */
export type AnomalySide = 'send' | 'receive' | 'target';

/** Whom an anomaly blames: the server under test, the client strategy, or siochaos itself. */
export type Blame = 'server' | 'client strategy' | 'harness';

/**
 * What a kind needs promised before it can be judged (see `model/promises.ts`):
 * a store siochaos reads (`store`), a process it watches (`process`), clients
 * that keep their send order (`ordered`), that re-send (`resends`), that wait for the server's ack (`server-ack`), and a
 * protocol with a negative ack (`refusals`).
 */
export type Need = 'store' | 'process' | 'ordered' | 'resends' | 'server-ack' | 'refusals';

/** A word in its singular and plural forms. */
export type Forms = readonly [singular: string, plural: string];

/** The words reports use for one kind. */
export interface AnomalyWords {
  /** What it means, in one line, for a table's legend. */
  readonly meaning: string;
  /** What a report counts for it (`3 messages`, `1 stored row`). */
  readonly counted: Forms;
  /** What happened to what was counted (`was stored more than once`). */
  readonly predicate: Forms;
}

/** One row of the contract. */
export interface AnomalyContract {
  readonly guarantee: Guarantee;
  readonly side: AnomalySide;
  readonly blames: Blame;
  /** What must be promised for the kind to be judged; when one is not, the kind is not judged and a note says why. */
  readonly needs: readonly Need[];
  readonly words: AnomalyWords;
}

const MESSAGE: Forms = ['message', 'messages'];

function was(text: string): Forms {
  return [`was ${text}`, `were ${text}`];
}

/**
 * The contract table, one row per kind.
 *
 * @example
 * ANOMALIES.reordered.guarantee; // 'stored-in-send-order'
 * ANOMALIES.reordered.needs;     // ['store', 'ordered']
 */
export const ANOMALIES = {
  lost: {
    guarantee: 'stored-at-least-once',
    side: 'send',
    blames: 'server',
    needs: ['store'],
    words: { meaning: 'acknowledged, but never stored', counted: MESSAGE, predicate: was('lost') },
  },
  abandoned: {
    guarantee: 'stored-at-least-once',
    side: 'send',
    blames: 'client strategy',
    needs: ['store'],
    words: {
      meaning: 'the client gave up on it, and it was never stored',
      counted: MESSAGE,
      predicate: ['was abandoned: the client gave up and it was never stored', 'were abandoned: the client gave up and they were never stored'],
    },
  },
  rejected: {
    guarantee: 'stored-at-least-once',
    side: 'send',
    blames: 'server',
    needs: ['store', 'server-ack', 'refusals'],
    words: {
      meaning: 'a well-formed message the server refused (its negative ack gives the reason), never stored',
      counted: ['well-formed message', 'well-formed messages'],
      predicate: was('refused by the server and never stored'),
    },
  },
  duplicated: {
    guarantee: 'stored-at-most-once',
    side: 'send',
    blames: 'server',
    needs: ['store'],
    words: { meaning: 'stored more than once', counted: MESSAGE, predicate: was('stored more than once') },
  },
  reordered: {
    guarantee: 'stored-in-send-order',
    side: 'send',
    blames: 'server',
    needs: ['store', 'ordered'],
    words: {
      meaning: "stored out of its client's send order",
      counted: MESSAGE,
      predicate: ['was stored ahead of one its client sent earlier', 'were stored ahead of one their clients sent earlier'],
    },
  },
  phantom: {
    guarantee: 'stored-only-if-sent',
    side: 'send',
    blames: 'server',
    needs: ['store'],
    words: { meaning: 'stored, but no client sent it', counted: ['stored row', 'stored rows'], predicate: was('never sent by any client') },
  },
  unacknowledged: {
    guarantee: 'acknowledged-once-stored',
    side: 'send',
    blames: 'server',
    needs: ['store', 'server-ack', 'resends'],
    words: {
      meaning: 'stored, but its client re-sent it after the heal and never got an ack',
      counted: MESSAGE,
      predicate: [
        'was stored but never acknowledged, though its client kept re-sending after the heal',
        'were stored but never acknowledged, though their clients kept re-sending after the heal',
      ],
    },
  },
  missed: {
    guarantee: 'delivered-to-every-client',
    side: 'receive',
    blames: 'server',
    needs: [],
    words: {
      meaning: 'stored, but never delivered to a client connected at the end',
      counted: ['stored message', 'stored messages'],
      predicate: ['never reached', 'never reached'],
    },
  },
  'duplicated-delivery': {
    guarantee: 'delivered-at-most-once',
    side: 'receive',
    blames: 'server',
    needs: [],
    words: { meaning: 'delivered twice to the same client', counted: MESSAGE, predicate: was('delivered twice to the same client') },
  },
  'out-of-order-delivery': {
    guarantee: 'delivered-in-offset-order',
    side: 'receive',
    blames: 'server',
    needs: [],
    words: { meaning: 'delivered out of offset order', counted: MESSAGE, predicate: was('delivered out of offset order') },
  },
  'target-crashed': {
    guarantee: 'target-stays-up',
    side: 'target',
    blames: 'server',
    needs: ['process'],
    words: {
      meaning: 'the server process died, and siochaos did not stop it',
      counted: ['server crash', 'server crashes'],
      predicate: was('not caused by siochaos'),
    },
  },
  'bad-row-stored': {
    guarantee: 'stores-only-well-formed',
    side: 'target',
    blames: 'server',
    needs: [],
    words: {
      meaning: 'the server stored a row for a malformed payload',
      counted: ['malformed payload', 'malformed payloads'],
      predicate: ['was stored as a row', 'were stored as rows'],
    },
  },
} as const satisfies Record<AnomalyKind, AnomalyContract>;

/**
 * The kinds on one side, in the table's order.
 *
 * @example
 * kindsOnSide('receive'); // ['missed', 'duplicated-delivery', 'out-of-order-delivery']
 */
export function kindsOnSide<S extends AnomalySide>(side: S): AnomalyKind[] {
  return ANOMALY_KINDS.filter((kind) => ANOMALIES[kind].side === side);
}

/** The kinds of one side, as a type: `KindOnSide<'send'>` is `'lost' | 'abandoned' | ...`. */
export type KindOnSide<S extends AnomalySide> = {
  [K in AnomalyKind]: (typeof ANOMALIES)[K]['side'] extends S ? K : never;
}[AnomalyKind];

/** The guarantee a kind breaks, as a type: `GuaranteeOf<'lost'>` is `'stored-at-least-once'`. */
export type GuaranteeOf<K extends AnomalyKind> = (typeof ANOMALIES)[K]['guarantee'];

/**
 * The guarantee an anomaly of `kind` breaks.
 *
 * @example
 * guaranteeOf('missed'); // 'delivered-to-every-client'
 */
export function guaranteeOf<K extends AnomalyKind>(kind: K): GuaranteeOf<K> {
  return ANOMALIES[kind].guarantee;
}

/**
 * Whether `value` names an anomaly kind.
 *
 * @example
 * isAnomalyKind('lost'); // true
 */
export function isAnomalyKind(value: string): value is AnomalyKind {
  return (ANOMALY_KINDS as readonly string[]).includes(value);
}
