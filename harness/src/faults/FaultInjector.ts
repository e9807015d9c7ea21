import createDebug from 'debug';
import type { HistoryRecorder } from '../history/recorder.js';
import type { ActiveFault, Fault, FaultContext } from './Fault.js';
import { HealError } from './HealError.js';
import { validateParams } from './validateParams.js';

const debug = createDebug('siochaos:faults');

interface Injected {
  id: number;
  fault: Fault;
  active: ActiveFault;
  description: string;
}

/**
 * Injects faults into one scenario, records `fault-start` / `fault-end` (and
 * `client-departed` for each client a fault removes for good), and heals them. {@link healAll} is what runs at the end of every scenario and on
 * Ctrl-C: it heals every active fault, then clears every proxy for good measure.
 *
 * @example
 * const injector = new FaultInjector(context, recorder, ['c0', 'c1']);
 * await injector.inject(faults['reset-peer'], {}, [1]);
 * await injector.healAll();
 */
export class FaultInjector {
  private nextId = 0;
  private readonly active = new Map<number, Injected>();
  /** How many faults were injected, by name. */
  readonly injectedByName = new Map<string, number>();

  constructor(
    /** What the faults act on. */
    readonly context: FaultContext,
    private readonly recorder: HistoryRecorder,
    private readonly clientNames: readonly string[],
  ) {}

  /**
   * Injects a fault into the given clients (by index).
   *
   * @returns the fault's id, for {@link heal}.
   * @throws Error when a parameter is invalid (listing the valid ones).
   */
  async inject(fault: Fault, input: Readonly<Record<string, unknown>>, clients: readonly number[]): Promise<number> {
    const params = validateParams(fault.name, fault.params, input);
    const names = fault.scope === 'clients' ? clients.map((i) => this.clientNames[i] ?? `#${i}`) : [];
    const id = ++this.nextId;
    const description = fault.describe(params, names);
    this.recorder.record({ type: 'fault-start', id, fault: fault.name, kind: fault.kind, params, clients: names, description });
    debug('inject #%d %s', id, description);
    const active = await fault.inject(this.context, params, fault.scope === 'clients' ? clients : []);
    this.active.set(id, { id, fault, active, description });
    // A client a fault removes for good departs now: the history says so when it happens.
    if (fault.removesClients) for (const client of names) this.recorder.record({ type: 'client-departed', client, fault: fault.name, id });
    this.injectedByName.set(fault.name, (this.injectedByName.get(fault.name) ?? 0) + 1);
    return id;
  }

  /**
   * Heals one fault by id; healing one already healed does nothing.
   *
   * @throws HealError when it cannot be healed (the scenario must not be judged).
   */
  async heal(id: number): Promise<void> {
    const injected = this.active.get(id);
    if (!injected) return;
    this.active.delete(id);
    try {
      await injected.active.heal();
    } catch (err) {
      throw new HealError(`fault #${id} (${injected.description})`, err);
    }
    this.recorder.record({ type: 'fault-end', id, fault: injected.fault.name });
    debug('healed #%d %s', id, injected.fault.name);
  }

  /** How many faults are in effect. */
  get activeCount(): number {
    return this.active.size;
  }

  /**
   * Heals every fault (newest first) and clears every proxy (the clients', the
   * database's, the adapter's). Idempotent.
   *
   * @throws HealError (the first) when anything could not be healed; it still tries everything else.
   */
  async healAll(): Promise<void> {
    const ids = [...this.active.keys()].reverse();
    const errors: unknown[] = [];
    for (const id of ids) {
      try {
        await this.heal(id);
      } catch (err) {
        errors.push(err);
      }
    }
    await this.context.proxies.healAll().catch((err: unknown) => errors.push(new HealError("the clients' proxies", err)));
    const database = this.context.target.database;
    if (database?.kind === 'postgres') {
      await database
        .proxy()
        .healAll()
        .catch((err: unknown) => errors.push(new HealError("the database's proxy", err)));
    }
    const adapter = this.context.target.adapter;
    if (adapter?.proxies) {
      await Promise.resolve()
        .then(() => adapter.proxies!().healAll())
        .catch((err: unknown) => errors.push(new HealError("the adapter's proxies", err)));
    }
    if (errors.length) throw errors[0];
  }
}
