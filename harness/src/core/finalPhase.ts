import createDebug from 'debug';
import { sleep } from '../net/waitFor.js';
import type { StoredRow } from '../target/Target.js';
import type { World } from './World.js';

const debug = createDebug('siochaos:core');

/** Bounds of the final phase, in ms. */
export interface FinalPhaseTimeouts {
  /** How long clients get to reconnect after the heal. */
  connectMs: number;
  /** How long strategies get to finish with every message. */
  drainMs: number;
  /** How long connected clients get to receive everything stored. */
  catchUpMs: number;
  /** How long the store must stay unchanged to count as quiet. */
  quietMs: number;
}

/** Defaults that suit the reference server on a 2-core machine. */
export const DEFAULT_FINAL_PHASE: FinalPhaseTimeouts = { connectMs: 10_000, drainMs: 20_000, catchUpMs: 5_000, quietMs: 150 };

async function readQuietStore(world: World, quietMs: number, boundMs: number): Promise<StoredRow[]> {
  const deadline = Date.now() + boundMs;
  let rows = await world.target.readStore();
  for (;;) {
    await sleep(quietMs);
    const again = await world.target.readStore();
    const same = again.length === rows.length && again.at(-1)?.offset === rows.at(-1)?.offset;
    rows = again;
    if (same || Date.now() > deadline) return rows;
  }
}

/**
 * The end of every scenario: heal everything, bring the target back if it is
 * down, let clients reconnect and drain (bounded), wait until the store is
 * quiet and every connected client has caught up, then record the store as
 * `final-read` events and seal the history.
 *
 * @example
 * await finalPhase(world, DEFAULT_FINAL_PHASE);
 */
export async function finalPhase(world: World, timeouts: FinalPhaseTimeouts): Promise<void> {
  const { recorder, clients, target } = world;
  recorder.record({ type: 'note', phase: 'final', detail: 'heal all, drain, catch up, read the store' });
  await world.injector.healAll();
  if (target.process && !target.process.isRunning()) {
    recorder.record({ type: 'note', phase: 'final', detail: 'target was down: restarting it' });
    await target.process.restart();
  }
  await Promise.all(clients.map((c) => c.waitConnected(timeouts.connectMs)));
  const drained = await Promise.all(clients.map((c) => c.drain(timeouts.drainMs)));
  const undrained = clients.filter((_, i) => !drained[i]).map((c) => `${c.name} (${c.pending} pending)`);
  if (undrained.length) {
    recorder.record({ type: 'note', phase: 'final', detail: `not drained after ${timeouts.drainMs} ms: ${undrained.join(', ')}` });
  }
  let rows = await readQuietStore(world, timeouts.quietMs, timeouts.catchUpMs);
  const highest = rows.at(-1)?.offset ?? 0;
  await Promise.all(clients.filter((c) => c.connected).map((c) => c.waitForOffset(highest, timeouts.catchUpMs)));
  await sleep(timeouts.quietMs);
  rows = await world.target.readStore();
  debug('final read: %d rows, highest offset %d', rows.length, rows.at(-1)?.offset ?? 0);
  for (const row of rows) recorder.record({ type: 'final-read', offset: row.offset, msg: row.msg, content: row.content });
  recorder.seal();
}
