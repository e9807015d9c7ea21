import createDebug from 'debug';
import { UNANSWERED_RESENDS, unansweredForMs } from '../checkers/resendsAfterHeal.js';
import { stuckCandidates } from '../checkers/stuckCandidates.js';
import type { ScenarioClient } from '../clients/ScenarioClient.js';
import { buildView } from '../view/buildView.js';
import { isOpen, type HistoryView } from '../view/HistoryView.js';
import type { InvokeEvent, ReceiveEvent } from '../history/events.js';
import { sleep, untilAborted, waitFor } from '../net/waitFor.js';
import { NoStoreError } from '../target/NoStoreError.js';
import type { StoredRow } from '../target/Target.js';
import type { FinalPhaseTimeouts } from '../config/finalPhaseBounds.js';
import { inScope } from './msgPrefix.js';
import type { PhaseClock } from './phaseClock.js';
import { legacyScenarioSetup } from '../util/legacySetup.js';
import type { World } from '../generate/World.js';

const debug = createDebug('siochaos:core');

export { DEFAULT_FINAL_PHASE, finalPhaseBounds, type FinalPhaseTimeouts } from '../config/finalPhaseBounds.js';

/** The clients that left for good (a `client-departed` event each). */
function departedClients(view: HistoryView): Set<string> {
  return new Set([...view.clients.values()].filter((c) => c.departed >= 0).map((c) => c.name));
}

/**
 * Records that the messages still queued on clients that left for good (sent
 * before they left, or by a later command on the closed client) were given up
 * with them (`fail` with cause `client-left`).
 */
function recordGivenUp(world: World, view: HistoryView, departed: ReadonlySet<string>): void {
  for (const m of view.messages.values()) {
    if (!isOpen(m) || !departed.has(m.client)) continue;
    const { attempt } = view.history[m.lastInvoke] as InvokeEvent;
    world.recorder.record({ type: 'fail', client: m.client, msg: m.msg, attempt, reason: 'its client left for good with it queued', cause: 'client-left' });
  }
}

/** Reads the store; without one, what the clients received stands in for it. */
async function readRows(world: World, scope: string | undefined): Promise<StoredRow[]> {
  try {
    const rows = await world.target.readStore();
    return scope === undefined ? rows : rows.filter((row) => inScope(row, scope));
  } catch (err) {
    if (!(err instanceof NoStoreError)) throw err;
    const view = buildView(world.recorder.events);
    if (!view.noStore) world.recorder.record({ type: 'no-store' });
    const seen: StoredRow[] = [];
    for (const [offset, { receives }] of view.offsets) {
      if (receives.length > 0) seen.push({ offset, msg: null, content: (view.history[receives[0]!] as ReceiveEvent).content });
    }
    return seen.sort((a, b) => a.offset - b.offset);
  }
}

/** The highest offset of `rows` (sorted by offset), 0 without any. */
function highestOf(rows: readonly StoredRow[]): number {
  return rows.at(-1)?.offset ?? 0;
}

/** What a catch-up waited for: every client in `waited` (those connected at event `since`) was given time to hold `offset`. */
interface CatchUpMark {
  since: number;
  offset: number;
  waited: readonly ScenarioClient[];
}

/** Gives every one of `clients` connected now up to `timeoutMs` to hold `offset`. */
async function catchUp(world: World, clients: readonly ScenarioClient[], offset: number, timeoutMs: number): Promise<CatchUpMark> {
  const since = world.recorder.events.length;
  const waited = clients.filter((c) => c.connected);
  await Promise.all(waited.map((c) => untilAborted(c.waitForOffset(offset, timeoutMs), world.signal, false)));
  return { since, offset, waited };
}

/** The names of the clients with a `connect` or `disconnect` event since event `from`. */
function reconnectedSince(world: World, from: number): Set<string> {
  const events = world.recorder.events;
  const changed = new Set<string>();
  for (let i = from; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === 'connect' || e.type === 'disconnect') changed.add(e.client);
  }
  return changed;
}

/**
 * Whether a catch-up `mark` still holds for `clients`: none connected,
 * reconnected or lost its connection since it began (one that came back late,
 * even after the final phase stopped waiting for reconnects, has not been
 * waited for yet).
 */
function stillCaughtUp(world: World, clients: readonly ScenarioClient[], mark: CatchUpMark): boolean {
  const changed = reconnectedSince(world, mark.since);
  return clients.every((c) => !changed.has(c.name)) && mark.waited.every((c) => c.connected);
}

/** How often a wait for clients to come back looks whether the target's process is gone. */
const TARGET_DOWN_POLL_MS = 100;

/**
 * Gives `away` up to `timeoutMs` to connect again, unless the target (a
 * single process) is down or goes down meanwhile: a target that died in the
 * final phase (a crash of its own, reported as target-crashed) lets nobody
 * back, and waiting for it only cost the whole bound (10 s by default).
 */
async function waitBack(world: World, away: readonly ScenarioClient[], timeoutMs: number): Promise<void> {
  const process = world.target.nodes?.length ? undefined : world.target.process;
  const down = (): true | undefined => (process && !process.isRunning() ? true : undefined);
  if (down()) return;
  const back = Promise.all(away.map((c) => untilAborted(c.waitConnected(timeoutMs), world.signal, false)));
  if (!process) {
    await back;
    return;
  }
  let settled = false;
  await Promise.race([back.finally(() => (settled = true)), waitFor(() => (settled ? true : down()), timeoutMs, TARGET_DOWN_POLL_MS, world.signal)]);
}

/**
 * Waits until every one of `clients` connected has received the highest
 * offset stored and the store then stays unchanged for `quietMs` (late
 * writes, and late or duplicate broadcasts, get that long to show) with no
 * client connecting or losing its connection meanwhile: one that was back
 * after the heal and dropped is waited for, up to `connectMs` (not once the
 * target's process is gone), one that comes
 * back late (after `connectMs`) is caught up too, and the window starts
 * again. A store still changing after `catchUpMs` is read as it is after its
 * next window, and the clients connected then get one more `catchUpMs` to
 * reach its newest offset. One quiet window after the catch-up, where
 * {@link readQuietStore} and a sleep took two, one before and one after it: a
 * store that changes in the window starts the catch-up again.
 *
 * @returns what the last catch-up waited for.
 */
async function catchUpQuietly(world: World, clients: readonly ScenarioClient[], timeouts: FinalPhaseTimeouts, scope: string | undefined): Promise<CatchUpMark> {
  const { signal } = world;
  // The bounds the legacy final phase had: the store gets catchUpMs to go quiet, each catch-up catchUpMs.
  const quietBy = Date.now() + timeouts.catchUpMs;
  const back = new Set(clients.filter((c) => c.connected));
  let rows = await readRows(world, scope);
  for (;;) {
    // A client that lost its connection since it came back after the heal gets it back first.
    const away = [...back].filter((c) => !c.connected);
    for (const c of away) c.reconnectNow?.();
    if (away.length > 0) await waitBack(world, away, timeouts.connectMs);
    for (const c of clients) if (c.connected) back.add(c);
    const mark = await catchUp(world, clients, highestOf(rows), timeouts.catchUpMs);
    await sleep(timeouts.quietMs, signal);
    if (signal.aborted) return mark;
    const again = await readRows(world, scope);
    const same = again.length === rows.length && again.at(-1)?.offset === rows.at(-1)?.offset;
    rows = again;
    // A client that connected or lost its connection since the catch-up began catches up again in the next window.
    if (same && stillCaughtUp(world, clients, mark)) return mark;
    if (Date.now() > quietBy) return catchUp(world, clients, highestOf(rows), timeouts.catchUpMs);
  }
}

/**
 * Gives the clients connected now that the last catch-up (`mark`) did not
 * give time to receive offset `highest` of the final read (they connected
 * again since it began, or it waited for a lower offset) up to `timeoutMs` in
 * all to receive it, again for any that connects meanwhile. Without this a
 * client that came back just before the read would be judged `missed` for
 * rows still on their way to it.
 */
async function catchUpLateComers(world: World, clients: readonly ScenarioClient[], mark: CatchUpMark, highest: number, timeoutMs: number): Promise<void> {
  const by = Date.now() + timeoutMs;
  for (;;) {
    const changed = reconnectedSince(world, mark.since);
    const late = clients.filter((c) => c.connected && c.highestOffset < highest && (mark.offset < highest || changed.has(c.name)));
    const left = by - Date.now();
    if (late.length === 0 || left <= 0 || world.signal.aborted) return;
    debug('catching up %d clients back late: %s', late.length, late.map((c) => c.name).join(', '));
    mark = await catchUp(world, late, highest, left);
  }
}

/** The store once it stays unchanged for `quietMs` (or at `boundMs`): the final phase before the scenario-cost cuts. */
async function readQuietStore(world: World, quietMs: number, boundMs: number, scope: string | undefined): Promise<StoredRow[]> {
  const deadline = Date.now() + boundMs;
  let rows = await readRows(world, scope);
  for (;;) {
    await sleep(quietMs, world.signal);
    if (world.signal.aborted) return rows;
    const again = await readRows(world, scope);
    const same = again.length === rows.length && again.at(-1)?.offset === rows.at(-1)?.offset;
    rows = again;
    if (same || Date.now() > deadline) return rows;
  }
}

/** How often the drain looks for clients stuck on a stored message that is never acknowledged. */
const STUCK_POLL_MS = 100;

/**
 * Waits for `clients` to drain, up to `drainMs`, but stops waiting as soon as
 * every client still busy is stuck: re-sending, since the heal, a message the
 * store already holds and the target does not acknowledge (what the delivery
 * checker reports as `unacknowledged`). Without this, such a client would cost
 * the whole drain bound in every scenario that shows the bug.
 *
 * @returns per client whether it drained, and the names of the stuck ones.
 */
async function drainUnlessStuck(
  world: World,
  clients: readonly ScenarioClient[],
  drainMs: number,
  scope: string | undefined,
): Promise<{ drained: boolean[]; stuck: Set<string> }> {
  const drained: (boolean | undefined)[] = clients.map(() => undefined);
  let done = false;
  const all = Promise.all(clients.map(async (c, i) => (drained[i] = await c.drain(drainMs)))).then(() => (done = true));
  const stuck = new Set<string>();
  while (!done && !world.signal.aborted) {
    await Promise.race([all, sleep(STUCK_POLL_MS, world.signal)]);
    if (world.signal.aborted) break;
    const busy = clients.filter((c, i) => drained[i] === undefined && c.pending > 0);
    if (done || busy.length === 0) continue;
    const view = buildView(world.recorder.events);
    const candidates = stuckCandidates(view, world.recorder.now());
    if (!busy.every((c) => candidates.has(c.name))) continue;
    // A row of a store without client offsets is its message's text (matched by content).
    const stored = new Set((await readRows(world, scope)).map((row) => (row.match === 'content' ? `text:${row.content}` : row.msg)));
    const key = (msg: string): string => {
      if (stored.has(msg)) return msg;
      const sent = view.messages.get(msg);
      return sent && sent.firstInvoke >= 0 ? `text:${sent.content}` : msg;
    };
    if (!busy.every((c) => stored.has(key(candidates.get(c.name)!)))) continue;
    for (const c of busy) stuck.add(c.name);
    world.recorder.record({
      type: 'stuck',
      clients: busy.map((c) => ({ client: c.name, msg: candidates.get(c.name)! })),
      resends: UNANSWERED_RESENDS,
      sinceHealMs: unansweredForMs(view.ackTimeoutMs),
    });
    break;
  }
  return { drained: drained.map((d) => d ?? false), stuck };
}

/**
 * The end of every scenario: heal everything, bring the target back if it is
 * down, let clients reconnect (at once: one waiting out a reconnection delay
 * tries again when everything is healed) and drain (bounded), wait until the store is
 * quiet and every connected client has caught up, then record the store as
 * `final-read` events and seal the history. With a `scope`, only rows whose
 * client offset starts with it count (a store shared between scenarios; for
 * rows matched by content, whose content starts with it); with no store, the
 * union of what clients received stands in for it. Every wait ends at once
 * when `world.signal` is aborted, and then nothing is read: an interrupted
 * scenario is not judged. A `clock` is given a lap at the end of each of its
 * phases: heal, drain, catch-up and store read.
 *
 * @example
 * await finalPhase(world, DEFAULT_FINAL_PHASE);
 */
export async function finalPhase(world: World, timeouts: FinalPhaseTimeouts, scope?: string, clock?: PhaseClock): Promise<void> {
  const { recorder, clients, target } = world;
  debug('final phase: heal all, drain, catch up, read the store');
  recorder.record({ type: 'final-phase' });
  await world.injector.healAll();
  if (target.process && !target.process.isRunning()) {
    recorder.record({ type: 'target-restarted' });
    await target.process.restart();
  }
  recorder.record({ type: 'healed' });
  clock?.lap('heal');
  // Clients a fault removed for good are not waited for: what they still had queued stays unsent.
  const view = buildView(recorder.events);
  const departed = departedClients(view);
  const staying = clients.filter((c) => !departed.has(c.name));
  recordGivenUp(world, view, departed);
  const { signal } = world;
  // Faults are gone: a client waiting out a reconnection delay they grew tries again now.
  if (!legacyScenarioSetup()) for (const c of staying) c.reconnectNow?.();
  const reconnected = await Promise.all(staying.map((c) => untilAborted(c.waitConnected(timeouts.connectMs), signal, false)));
  if (signal.aborted) return;
  staying.forEach((c, i) => {
    if (!reconnected[i]) recorder.record({ type: 'not-reconnected', client: c.name, waitedMs: timeouts.connectMs });
  });
  const { drained, stuck } = await drainUnlessStuck(world, staying, timeouts.drainMs, scope);
  if (signal.aborted) return;
  const undrained = staying.filter((c, i) => !drained[i] && !stuck.has(c.name)).map((c) => ({ client: c.name, pending: c.pending }));
  if (undrained.length) recorder.record({ type: 'not-drained', clients: undrained, waitedMs: timeouts.drainMs });
  clock?.lap('drain');
  let mark: CatchUpMark;
  if (legacyScenarioSetup()) {
    const quiet = await readQuietStore(world, timeouts.quietMs, timeouts.catchUpMs, scope);
    mark = await catchUp(world, staying, highestOf(quiet), timeouts.catchUpMs);
    await sleep(timeouts.quietMs, signal);
  } else {
    mark = await catchUpQuietly(world, staying, timeouts, scope);
  }
  if (signal.aborted) return;
  clock?.lap('catchUp');
  const rows = await readRows(world, scope);
  await Promise.all(staying.map((c) => c.recordShown?.(rows)));
  // Nothing is awaited after this wait until the seal: every client connected at the end was given time to receive every row read.
  await catchUpLateComers(world, staying, mark, highestOf(rows), timeouts.catchUpMs);
  if (signal.aborted) return;
  if (scope !== undefined) recorder.record({ type: 'store-scoped', prefix: scope });
  debug('final read: %d rows, highest offset %d', rows.length, rows.at(-1)?.offset ?? 0);
  for (const row of rows) {
    recorder.record({ type: 'final-read', offset: row.offset, msg: row.msg, content: row.content, ...(row.match ? { match: row.match } : {}) });
  }
  recorder.seal();
  clock?.lap('storeRead');
}
