import { faultByName } from '../../faults/registry.js';
import type { World } from '../World.js';
import type { ScenarioModel } from '../Model.js';
import { healEveryFault } from './HealCommand.js';
import { beginCommand, type ScenarioCommand } from './ScenarioCommand.js';
import { faultUnavailable } from './faultUnavailable.js';

/**
 * How the client goes away: `cut` takes its proxy down (the server sees the
 * transport close and keeps its session, so it comes back recovered);
 * `leave` disconnects it on purpose with the `client-reconnect` fault (the
 * server drops its session, so it comes back with a fresh one and is caught
 * up from the database).
 */
export type AwayMode = 'cut' | 'leave';

/** The fault each mode injects. */
const FAULT_OF: Record<AwayMode, string> = { cut: 'down', leave: 'client-reconnect' };

/** Bounds of the steps, in ms: the client's own message coming back, seeing it go, the others' messages land, it coming back. */
export const AWAY_WAIT_MS = { received: 500, gone: 1000, delivered: 500, back: 1000 } as const;

/** Longer than any scenario step: `leave` lasts until this command heals it. */
const LEAVE_MS = 60_000;

/**
 * `AwayWhileOthersSend(client, mode, count)`: the client sends a message and
 * sees it broadcast (a client that has received nothing has no offset, and
 * Socket.IO cannot recover its session), goes away (see
 * {@link AwayMode}), every other client sends `count` messages and they are
 * given time to be stored, then the client comes back and, while it is
 * catching up, every other client sends one more. This is the catch-up path
 * of a reconnect, recovered or not, with messages it missed and live traffic
 * racing it.
 *
 * It starts by healing every fault in effect, as `Heal` does: its waits are
 * bounded, but under a fault they would each run out, and a command that only
 * ran with no fault in effect would be skipped in most generated scenarios.
 *
 * @example
 * new AwayWhileOthersSendCommand(1, 'leave', 2); // AwayWhileOthersSend(c1, leave, 2 each)
 */
export class AwayWhileOthersSendCommand implements ScenarioCommand {
  constructor(
    readonly client: number,
    readonly mode: AwayMode,
    readonly count: number,
  ) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.client < model.clients;
  }

  async run(model: ScenarioModel, world: World): Promise<void> {
    if (beginCommand(world, this)) return;
    await healEveryFault(model, world);
    const fault = faultByName(FAULT_OF[this.mode]);
    if (faultUnavailable(world, fault)) return;
    const away = world.clients[this.client]!;
    const others = world.clients.filter((_, index) => index !== this.client);
    const params = this.mode === 'leave' ? { duration: LEAVE_MS } : {};
    model.emitted++;
    const before = away.highestOffset;
    await away.send(`before ${away.name} goes away ${model.emitted}`);
    await away.waitForOffset(before + 1, AWAY_WAIT_MS.received);
    const id = await world.injector.inject(fault, params, [this.client]);
    try {
      await away.waitDisconnected(AWAY_WAIT_MS.gone);
      for (let i = 0; i < this.count; i++) {
        for (const other of others) {
          model.emitted++;
          await other.send(`while ${away.name} is away ${model.emitted}`);
        }
      }
      await Promise.all(others.map((other) => other.drain(AWAY_WAIT_MS.delivered)));
    } finally {
      await world.injector.heal(id);
    }
    await away.waitConnected(AWAY_WAIT_MS.back);
    for (const other of others) {
      model.emitted++;
      await other.send(`as ${away.name} is back ${model.emitted}`);
    }
  }

  toString(): string {
    return `AwayWhileOthersSend(c${this.client}, ${this.mode}, ${this.count} each)`;
  }
}
