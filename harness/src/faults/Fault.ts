import type { ScenarioClient } from '../clients/ScenarioClient.js';
import type { ProxyPool } from '../toxiproxy/ProxyPool.js';
import type { Target } from '../target/Target.js';
import type { FaultKind as FaultKindOf } from '../model/results.js';

/**
 * The load balancer in front of a multi-node target, as node faults see it
 * (`target/LoadBalancer.ts`): a fault that stopped a node asks it to fail
 * that node's clients over at once rather than at its next health check.
 */
export interface FaultBalancer {
  /** Moves the clients of every node found down to live nodes (`client-moved`, cause `failover`); resolves when moved. */
  checkNodes(): Promise<void>;
}

/** What a fault acts on. */
export interface FaultContext {
  /** The scenario's client proxies (index = client index). */
  readonly proxies: ProxyPool;
  readonly target: Target;
  /** The scenario's clients (index = client index), for client-side faults. */
  readonly clients: readonly ScenarioClient[];
  /** The load balancer in front of the target's nodes, when it has nodes. */
  readonly balancer?: FaultBalancer;
}

/**
 * What a fault needs to know to say whether it can act: the target (its
 * process, failpoints, store) and the clients. A campaign asks before its
 * first scenario, with a target not yet started and no clients, to choose the
 * faults its scenarios draw.
 */
export type FaultSupportContext = Pick<FaultContext, 'target' | 'clients'>;

/** A fault that is in effect until healed. */
export interface ActiveFault {
  /** Undoes the fault. Must be safe to call after the thing it undoes is already gone. */
  heal(): Promise<void>;
}

/**
 * A fault parameter: a number in a range, or one of a few words. `generate`
 * narrows what scenarios draw (a blackhole of ten minutes is valid, but not
 * what a generated scenario should try); without it the whole range is drawn.
 */
export type ParamSpec =
  | {
      kind: 'number';
      default: number;
      min: number;
      max: number;
      unit?: string;
      description: string;
      generate?: [number, number];
      /** A node's index (`n0` is 0): generated scenarios draw it among the target's nodes, and the fault checks it against them. */
      node?: true;
    }
  | { kind: 'choice'; default: string; values: readonly string[]; description: string; generate?: readonly string[] };

/** Parameters as validated: every declared parameter has a value. */
export type FaultParams = Record<string, number | string>;

/** What a fault family is about. */
export type FaultKind = FaultKindOf;

/**
 * Something the harness injects and later heals. Network faults go through
 * Toxiproxy, process faults signal the target, database faults stall its store.
 *
 * @example
 * const id = await injector.inject(faults['reset-peer'], { stream: 'downstream' }, [0]);
 * await injector.healAll();
 */
export interface Fault {
  readonly name: string;
  readonly kind: FaultKind;
  /** One line for help texts. */
  readonly summary: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Whether the clients it hits are gone for good: the injector records a `client-departed` event each, and the final phase does not wait for them. */
  readonly removesClients?: boolean;
  /** Whether it hits clients (through their proxies) or the target as a whole. */
  readonly scope: 'clients' | 'target';
  /** A sentence for reports, e.g. "cut c0's connection after 12 bytes upstream". */
  describe(params: FaultParams, clients: readonly string[]): string;
  inject(context: FaultContext, params: FaultParams, clients: readonly number[]): Promise<ActiveFault>;
  /**
   * Why this fault cannot act on this scenario's target (no process to signal,
   * no SQLite file to stall), or undefined when it can. Scenarios skip such
   * faults and reports say which were skipped and why. Asked both before the
   * first scenario (target not started, no clients) and at injection.
   */
  unavailableReason?(context: FaultSupportContext): string | undefined;
}
