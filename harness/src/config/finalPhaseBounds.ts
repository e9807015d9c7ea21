import { unansweredForMs } from '../checkers/resendsAfterHeal.js';
import type { StrategyOptions } from '../clients/Strategy.js';

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

/**
 * What the drain allows on top of what the re-sends need: reconnecting and
 * working off a backlog on a loaded 2-core machine (the drain ends as soon as
 * every client is done or stuck, so a margin costs time only when it is used).
 */
export const DRAIN_MARGIN_MS = 15_000;

/** The bounds that do not depend on the client's settings: socket.io's reconnection, the server's push, a quiet store. */
const FIXED = { connectMs: 10_000, catchUpMs: 5_000, quietMs: 150 } as const;

/**
 * The final phase's bounds for a client strategy's ack timeout and retries.
 * The drain is long enough for what the checks need after the heal: the
 * attempt in flight at the heal runs out (one ack timeout), then a stuck
 * message is re-sent until it counts as unanswered (`unansweredForMs`: 2 s,
 * or two ack timeouts when longer), or until its retries run out
 * ((retries + 1) ack timeouts) when that comes first; plus
 * {@link DRAIN_MARGIN_MS}. Reconnect, catch-up and quiet bounds are fixed.
 * A user's `finalPhase` settings override any of them.
 *
 * @example
 * finalPhaseBounds({ ackTimeoutMs: 1000, retries: Infinity }).drainMs;  // 18000 (1 s + 2 s + 15 s)
 * finalPhaseBounds({ ackTimeoutMs: 10_000, retries: 3 }).drainMs;       // 45000 (10 s + 20 s + 15 s)
 */
export function finalPhaseBounds(strategy: StrategyOptions): FinalPhaseTimeouts {
  const { ackTimeoutMs, retries } = strategy;
  const untilUnanswered = ackTimeoutMs + unansweredForMs(ackTimeoutMs);
  const untilGivenUp = (retries + 1) * ackTimeoutMs;
  return { ...FIXED, drainMs: Math.ceil(Math.min(untilUnanswered, untilGivenUp)) + DRAIN_MARGIN_MS };
}

/** The bounds for the default strategy settings (1 s ack timeout, unlimited retries). */
export const DEFAULT_FINAL_PHASE: FinalPhaseTimeouts = finalPhaseBounds({ ackTimeoutMs: 1000, retries: Infinity });
