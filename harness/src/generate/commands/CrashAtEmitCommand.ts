import { faultByName } from '../../faults/registry.js';
import type { World } from '../World.js';
import { waitFor } from '../../net/waitFor.js';
import { MAX_ACTIVE_FAULTS, type ScenarioModel } from '../Model.js';
import { beginCommand, quoteText, type ScenarioCommand } from './ScenarioCommand.js';
import { faultUnavailable } from './faultUnavailable.js';

/**
 * The failpoints every chat target passes whatever it acks first: about to
 * insert, and stored but neither broadcast nor acked. (The points after the
 * broadcast or after the ack exist only on one side of that choice, and a
 * target refuses to arm a point it never reaches.)
 */
export const CRASH_AT_EMIT_POINTS = ['before-insert', 'after-insert-before-ack'] as const;

/** A failpoint {@link CrashAtEmitCommand} arms. */
export type CrashAtEmitPoint = (typeof CRASH_AT_EMIT_POINTS)[number];

/** How long the command waits to see the target die of its failpoint. */
export const CRASH_WAIT_MS = 1000;

/**
 * `CrashAtEmit(client, point, text, restart after ms)`: arms the `crash-at`
 * fault at `point`, then the client emits: the target kills itself (SIGKILL)
 * exactly when this message reaches the point (before its insert, or after
 * its insert and before its ack) and starts again `restartMs` later. The
 * client retries against the new process, so the catch-up after a
 * non-recovered reconnect runs too. Exposes deduplication that a restart
 * forgets, acks sent before the insert, and retries after a lost ack.
 *
 * The crash-at fault stays active (armed until it fires) until the next heal.
 *
 * @example
 * new CrashAtEmitCommand(0, 'after-insert-before-ack', 'hi', 200); // CrashAtEmit(c0, after-insert-before-ack, "hi", restart after 200 ms)
 */
export class CrashAtEmitCommand implements ScenarioCommand {
  constructor(
    readonly client: number,
    readonly point: CrashAtEmitPoint,
    readonly text: string,
    readonly restartMs: number,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients && model.activeFaults < MAX_ACTIVE_FAULTS && !model.targetFaultActive;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    const fault = faultByName('crash-at');
    if (faultUnavailable(world, fault)) return;
    model.activeFaults++;
    model.targetFaultActive = true;
    model.emitted++;
    const pid = world.target.process?.pid();
    await world.injector.inject(fault, { point: this.point, delay: this.restartMs }, []);
    await world.clients[this.client]!.send(this.text);
    await waitFor(() => (world.target.process?.pid() !== pid ? true : undefined), CRASH_WAIT_MS, 5);
  }

  toString(): string {
    return `CrashAtEmit(c${this.client}, ${this.point}, ${quoteText(this.text)}, restart after ${this.restartMs} ms)`;
  }
}
