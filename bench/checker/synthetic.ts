/**
 * Synthetic histories for the checker benchmark: several clients sending,
 * retries, late acks, unknown outcomes, network faults with reconnects and
 * catch-up, broadcasts to every connected client, final reads, and a few
 * planted anomalies (one of each kind) so the checkers have something to find.
 */
import type { AnomalyKind } from '../../harness/src/checkers/Checker.js';
import type { HistoryEvent } from '../../harness/src/history/events.js';

/** What to generate. */
export interface SyntheticOptions {
  /** Total events, exactly (the tail is padded with a few `note` events). */
  events: number;
  clients?: number;
  seed?: number;
}

/** A generated history and the anomalies planted in it. */
export interface SyntheticHistory {
  history: HistoryEvent[];
  planted: Partial<Record<AnomalyKind, number>>;
  messages: number;
  rows: number;
}

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generate a history of exactly `events` events with one planted anomaly of
 * each kind (for histories of at least a few thousand events).
 *
 * @example
 * const { history, planted } = syntheticHistory({ events: 10_000 });
 */
export function syntheticHistory(options: SyntheticOptions): SyntheticHistory {
  const target = options.events;
  const clientCount = options.clients ?? 8;
  const random = prng(options.seed ?? 42);
  const clients = Array.from({ length: clientCount }, (_, i) => `c${i}`);
  const seqs = new Array<number>(clientCount).fill(0);
  const connected = new Array<boolean>(clientCount).fill(true);
  /** Per client, the offsets broadcast while it was cut off (caught up on reconnect). */
  const backlog: number[][] = clients.map(() => []);
  const live: HistoryEvent[] = [];
  const rows: { offset: number; msg: string | null; content: string }[] = [];
  let t = 0;
  let faultId = 0;
  let activeFault: { id: number; client: number; until: number } | null = null;
  let messages = 0;

  // Where to plant each anomaly: spread over the run by message number.
  const estimatedMessages = Math.max(50, Math.floor(target / (clientCount + 4)));
  const plantAt = (fraction: number): number => Math.floor(estimatedMessages * fraction);
  const plan = {
    lost: plantAt(0.1),
    abandoned: plantAt(0.2),
    duplicated: plantAt(0.3),
    reordered: plantAt(0.4),
    phantom: plantAt(0.5),
    missed: plantAt(0.6),
    duplicatedDelivery: plantAt(0.7),
    outOfOrder: plantAt(0.8),
    pending: plantAt(0.85),
  };
  const planted: Partial<Record<AnomalyKind, number>> = {};
  const plant = (kind: AnomalyKind): void => {
    planted[kind] = (planted[kind] ?? 0) + 1;
  };
  /** Held back to plant an out-of-order delivery: [client, offset]. */
  let heldBack: [number, number] | null = null;

  const tick = (): number => (t += 1 + Math.floor(random() * 5));

  const store = (msg: string | null, content: string, message: number): void => {
    const offset = rows.length + 1;
    rows.push({ offset, msg, content });
    for (let c = 0; c < clientCount; c++) {
      if (!connected[c]) {
        backlog[c]!.push(offset);
        continue;
      }
      if (message === plan.missed && c === 1 && planted.missed === undefined) {
        plant('missed');
        continue;
      }
      if (message === plan.outOfOrder && c === 2 && heldBack === null && planted['out-of-order-delivery'] === undefined) {
        heldBack = [c, offset];
        continue;
      }
      live.push({ type: 'receive', t: tick(), client: clients[c]!, offset, content });
      if (heldBack !== null && heldBack[0] === c && heldBack[1] !== offset) {
        live.push({ type: 'receive', t: tick(), client: clients[c]!, offset: heldBack[1], content: 'held back' });
        heldBack = null;
        plant('out-of-order-delivery');
      }
      if (message === plan.duplicatedDelivery && c === 3 && planted['duplicated-delivery'] === undefined) {
        live.push({ type: 'receive', t: tick(), client: clients[c]!, offset, content });
        plant('duplicated-delivery');
      }
    }
  };

  for (let c = 0; c < clientCount; c++) {
    live.push({ type: 'connect', t: tick(), client: clients[c]!, recovered: false, transport: 'websocket' });
  }

  // Each message adds about clientCount + 4 events, its final-read row one more.
  while (live.length + rows.length + 3 * clientCount + 40 < target) {
    const message = messages++;
    // Faults: now and then cut one client off for a while, then heal and catch up.
    if (activeFault === null && message % 400 === 399) {
      const c = 4 + Math.floor(random() * (clientCount - 4));
      activeFault = { id: ++faultId, client: c, until: message + 20 + Math.floor(random() * 30) };
      live.push({ type: 'fault-start', t: tick(), id: activeFault.id, fault: 'reset-peer', params: { timeout: 0 }, clients: [clients[c]!], description: `cut ${clients[c]}` });
      live.push({ type: 'disconnect', t: tick(), client: clients[c]!, reason: 'transport close' });
      connected[c] = false;
    } else if (activeFault !== null && message >= activeFault.until) {
      const c = activeFault.client;
      live.push({ type: 'fault-end', t: tick(), id: activeFault.id, fault: 'reset-peer' });
      live.push({ type: 'connect', t: tick(), client: clients[c]!, recovered: false, transport: 'websocket' });
      connected[c] = true;
      for (const offset of backlog[c]!) live.push({ type: 'receive', t: tick(), client: clients[c]!, offset, content: `catch-up ${offset}` });
      backlog[c] = [];
      activeFault = null;
    }

    const c = Math.floor(random() * clientCount);
    const client = clients[c]!;
    const seq = ++seqs[c]!;
    const msg = `${client}-${seq}`;
    const content = `message ${seq} from ${client}`;
    const invoke = (attempt: number): void => {
      live.push({ type: 'invoke', t: tick(), client, msg, seq, content, attempt });
    };
    const ok = (attempt: number): void => {
      live.push({ type: 'ok', t: tick(), client, msg, attempt, ack: 'server' });
    };
    const info = (attempt: number): void => {
      live.push({ type: 'info', t: tick(), client, msg, attempt, reason: 'ack timeout' });
    };

    if (message === plan.lost) {
      invoke(1);
      ok(1);
      plant('lost');
      continue;
    }
    if (message === plan.abandoned) {
      invoke(1);
      info(1);
      invoke(2);
      info(2);
      live.push({ type: 'fail', t: tick(), client, msg, attempt: 2, reason: 'retries exhausted' });
      plant('abandoned');
      continue;
    }
    if (message === plan.pending) {
      invoke(1);
      info(1);
      continue;
    }
    if (message === plan.duplicated) {
      invoke(1);
      store(msg, content, message);
      info(1);
      invoke(2);
      store(msg, content, message);
      ok(2);
      plant('duplicated');
      continue;
    }
    if (message === plan.reordered) {
      // The first attempt times out, the next message is stored, then the retry.
      invoke(1);
      info(1);
      const seq2 = ++seqs[c]!;
      const msg2 = `${client}-${seq2}`;
      live.push({ type: 'invoke', t: tick(), client, msg: msg2, seq: seq2, content: 'overtakes', attempt: 1 });
      store(msg2, 'overtakes', message);
      live.push({ type: 'ok', t: tick(), client, msg: msg2, attempt: 1, ack: 'server' });
      invoke(2);
      store(msg, content, message);
      ok(2);
      plant('reordered');
      continue;
    }
    if (message === plan.phantom) {
      store(null, 'written by something else', message);
      plant('phantom');
    }

    const roll = random();
    invoke(1);
    if (roll < 0.85) {
      store(msg, content, message);
      ok(1);
    } else if (roll < 0.92) {
      info(1);
      invoke(2);
      store(msg, content, message);
      ok(2);
    } else if (roll < 0.95) {
      info(1);
      store(msg, content, message);
      ok(1); // the ack arrives after the timeout
    } else if (roll < 0.97) {
      info(1);
      invoke(2);
      store(msg, content, message);
      info(2);
      live.push({ type: 'fail', t: tick(), client, msg, attempt: 2, reason: 'retries exhausted' }); // recovered
    } else {
      store(msg, content, message);
      info(1); // recovered: unknown outcome, stored once
    }
  }

  // Heal, one client leaves for good (not judged), quiesce, final read.
  if (activeFault !== null) {
    const c = activeFault.client;
    live.push({ type: 'fault-end', t: tick(), id: activeFault.id, fault: 'reset-peer' });
    live.push({ type: 'connect', t: tick(), client: clients[c]!, recovered: false, transport: 'websocket' });
    for (const offset of backlog[c]!) live.push({ type: 'receive', t: tick(), client: clients[c]!, offset, content: `catch-up ${offset}` });
  }
  live.push({ type: 'disconnect', t: tick(), client: clients[clientCount - 1]!, reason: 'io client disconnect' });
  while (live.length + rows.length < target) live.push({ type: 'note', t: tick(), phase: 'quiesce' });
  const readAt = tick();
  for (const row of rows) live.push({ type: 'final-read', t: readAt, offset: row.offset, msg: row.msg, content: row.content });
  return { history: live, planted, messages, rows: rows.length };
}
