import { ANOMALIES, ANOMALY_KINDS, type AnomalyKind, type Need } from './anomalies.js';

/**
 * What a client strategy promises: whether its messages leave in its send
 * order (`ordered`), whether it re-sends and for how long (`retries`: never,
 * a bounded number of times, or until acknowledged), and whether it waits for
 * the server's ack (`ack: 'server'`) or takes the emit returning as done
 * (`'local'`).
 *
 * @example
 * const ackRetry: ClientPromises = { ordered: false, retries: 'unlimited', ack: 'server' };
 */
export interface ClientPromises {
  readonly ordered: boolean;
  readonly retries: 'none' | 'bounded' | 'unlimited';
  readonly ack: 'server' | 'local';
}

/** What a protocol promises: whether the server can refuse a message with a negative ack (`refusals`). */
export interface ProtocolPromises {
  readonly refusals: boolean;
}

/** What a target promises: a store siochaos reads back (`store`), a process siochaos starts and watches (`process`). */
export interface TargetPromises {
  readonly store: boolean;
  readonly process: boolean;
}

/**
 * Promises and who made them, in words a note can quote (`the ack-retry strategy`).
 *
 * @example
 * const declared: Declared<ProtocolPromises> = { by: 'the tutorial protocol', promises: { refusals: true } };
 */
export interface Declared<P> {
  readonly by: string;
  readonly promises: P;
}

/**
 * Everything a campaign's parts promise: each kind of client in it (the Node
 * clients' strategy, the browser pages), its protocol and its target.
 */
export interface CampaignPromises {
  readonly clients: readonly Declared<ClientPromises>[];
  readonly protocol: Declared<ProtocolPromises>;
  readonly target: Declared<TargetPromises>;
}

/**
 * Retries as a promise: `none` for 0, `unlimited` for `Infinity`, else `bounded`.
 *
 * @example
 * retriesPromise(Infinity); // 'unlimited'
 */
export function retriesPromise(retries: number): ClientPromises['retries'] {
  return retries === 0 ? 'none' : Number.isFinite(retries) ? 'bounded' : 'unlimited';
}

/** Clients whose code siochaos does not know (a page's own): they are taken to promise everything a kind can need. */
export const PROMISES_EVERYTHING: ClientPromises = { ordered: true, retries: 'bounded', ack: 'server' };

/**
 * Each need of the contract table (`ANOMALIES[kind].needs`): when it holds, in
 * words for the README, and why it does not, given who did not promise it.
 */
export const NEEDS: Readonly<Record<Need, { readonly when: string; readonly not: (by: string) => string; readonly holds: (p: CampaignPromises) => Declared<unknown>[] | true }>> = {
  store: { when: 'the target has a store siochaos reads', not: (by) => `${by} has no store siochaos reads`, holds: (p) => p.target.promises.store || [p.target] },
  process: { when: 'siochaos runs the target process', not: (by) => `${by} runs no process siochaos watches`, holds: (p) => p.target.promises.process || [p.target] },
  ordered: { when: 'the client strategy promises send order', not: (by) => `${by} does not promise send order`, holds: clientsWhere((c) => c.ordered) },
  resends: { when: 'the client strategy re-sends', not: (by) => `${by} never re-sends a message`, holds: clientsWhere((c) => c.retries !== 'none') },
  'server-ack': { when: "the client strategy waits for the server's ack", not: (by) => `${by} does not wait for the server's ack`, holds: clientsWhere((c) => c.ack === 'server') },
  refusals: { when: 'the protocol has a negative ack', not: (by) => `${by} has no negative ack`, holds: (p) => p.protocol.promises.refusals || [p.protocol] },
};

/** A client need holds when one kind of client in the campaign promises it; else the clients that do not. */
function clientsWhere(test: (c: ClientPromises) => boolean): (p: CampaignPromises) => Declared<unknown>[] | true {
  return (p) => p.clients.some((c) => test(c.promises)) || [...p.clients];
}

/** A kind that is not judged, and why, in words. */
export interface Unjudged {
  readonly kind: AnomalyKind;
  /** `the ack-retry strategy does not promise send order` */
  readonly why: string;
}

/**
 * The kinds a campaign cannot judge, given what its parts promise: those with
 * a need (see the contract table) nobody promised. Every other kind is judged.
 *
 * @example
 * unjudgedKinds({ clients: [{ by: 'the ack-retry strategy', promises: { ordered: false, retries: 'unlimited', ack: 'server' } }], protocol, target });
 * // [{ kind: 'reordered', why: 'the ack-retry strategy does not promise send order' }]
 */
export function unjudgedKinds(promises: CampaignPromises): Unjudged[] {
  const unjudged: Unjudged[] = [];
  for (const kind of ANOMALY_KINDS) {
    for (const need of ANOMALIES[kind].needs) {
      const held = NEEDS[need].holds(promises);
      if (held === true) continue;
      unjudged.push({ kind, why: NEEDS[need].not(held.map((d) => d.by).join(' and ')) });
      break;
    }
  }
  return unjudged;
}

/**
 * The kinds not judged in words, one phrase per reason.
 *
 * @example
 * notJudgedPhrases([{ kind: 'reordered', why: 'the ack-retry strategy does not promise send order' }]);
 * // ['not judged: reordered (the ack-retry strategy does not promise send order)']
 */
export function notJudgedPhrases(unjudged: readonly Unjudged[]): string[] {
  const byWhy = new Map<string, AnomalyKind[]>();
  for (const { kind, why } of unjudged) byWhy.set(why, [...(byWhy.get(why) ?? []), kind]);
  return [...byWhy].map(([why, kinds]) => `not judged: ${kinds.join(', ')} (${why})`);
}
