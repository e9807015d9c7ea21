import { HEALED_PHASE, type History } from '../history/events.js';

/**
 * How many times a client must have re-sent a message after the heal, on a
 * connection that stayed up, without an ack, for the message to count as
 * unanswered: one unanswered attempt can be an ack still on its way when the
 * history was sealed; three in a row, each after an ack timeout, are a server
 * that does not answer.
 */
export const UNANSWERED_RESENDS = 3;

/**
 * How long, at least, from the first of those re-sends to the end of the
 * history, whatever the ack timeout: with a short one (tens of ms), three slow
 * acks in a row can be a loaded machine; two seconds without any ack cannot.
 */
export const UNANSWERED_FOR_MS = 2000;

/**
 * How long, at least, from the first re-send after the heal to the end of the
 * history for a message to count as unanswered: {@link UNANSWERED_FOR_MS}, or
 * the ack timeouts between the {@link UNANSWERED_RESENDS} re-sends when they
 * are longer (each re-send then waited out a whole ack timeout on a
 * connection that stayed up). Without the ack timeout (a history with no
 * `strategy` event, e.g. browser clients only), {@link UNANSWERED_FOR_MS}.
 *
 * @example
 * unansweredForMs(300);    // 2000
 * unansweredForMs(10_000); // 20000
 */
export function unansweredForMs(ackTimeoutMs: number | undefined): number {
  return Math.max(UNANSWERED_FOR_MS, (UNANSWERED_RESENDS - 1) * (ackTimeoutMs ?? 0));
}

/**
 * The ack timeout of the scenario's Node clients, from its `strategy` event.
 *
 * @example
 * ackTimeoutOf(history); // 10000
 */
export function ackTimeoutOf(history: History): number | undefined {
  for (const e of history) if (e.type === 'strategy') return e.ackTimeoutMs;
  return undefined;
}

/**
 * The attempts a client made at one message once nothing stood in its way:
 * after the final phase healed every fault (the `healed` note) and on the
 * client's last connection (no disconnect of that client after them).
 */
export interface ResendsAfterHeal {
  /** Indices of those invoke events, in history order. */
  invokes: number[];
}

/**
 * Per message, the attempts made after the heal on a connection that stayed up
 * to the end of the history (see {@link ResendsAfterHeal}). Messages with none
 * are left out; a history without a `healed` note gives an empty map. One pass
 * to find each client's last disconnect, one over the events after the heal.
 *
 * @example
 * resendsAfterHeal(history).get('c0-4')?.invokes.length; // 12
 */
export function resendsAfterHeal(history: History): Map<string, ResendsAfterHeal> {
  const found = new Map<string, ResendsAfterHeal>();
  const healed = history.findIndex((e) => e.type === 'note' && e.phase === HEALED_PHASE);
  if (healed < 0) return found;
  const lastDisconnect = new Map<string, number>();
  for (let i = healed + 1; i < history.length; i++) {
    const e = history[i]!;
    if (e.type === 'disconnect') lastDisconnect.set(e.client, i);
  }
  for (let i = healed + 1; i < history.length; i++) {
    const e = history[i]!;
    if (e.type !== 'invoke' || i < (lastDisconnect.get(e.client) ?? -1)) continue;
    const entry = found.get(e.msg);
    if (entry) entry.invokes.push(i);
    else found.set(e.msg, { invokes: [i] });
  }
  return found;
}

/**
 * The messages re-sent after the heal, on a connection that stayed up, at
 * least {@link UNANSWERED_RESENDS} times, or one time fewer when the client
 * then gave up (its retries ran out: it waited a whole ack timeout after the
 * last one, so no ack was on its way), over at least {@link unansweredForMs}
 * of the clients' ack timeout up to the history's last event. Whether they
 * were acked is the caller's to check (an ack after them is not looked for
 * here).
 *
 * @example
 * unansweredSinceHeal(history).has('c0-4'); // true: re-sent 40 times over 2.4 s
 */
export function unansweredSinceHeal(history: History): Map<string, ResendsAfterHeal> {
  const end = history.at(-1)?.t ?? 0;
  const forMs = unansweredForMs(ackTimeoutOf(history));
  const gaveUpAt = new Map<string, number>();
  history.forEach((e, i) => {
    if (e.type === 'fail' && e.cause !== 'client-left') gaveUpAt.set(e.msg, i);
  });
  const unanswered = new Map<string, ResendsAfterHeal>();
  for (const [msg, resends] of resendsAfterHeal(history)) {
    const first = history[resends.invokes[0]!]!;
    const gaveUpAfter = (gaveUpAt.get(msg) ?? -1) > resends.invokes.at(-1)!;
    const enough = resends.invokes.length >= (gaveUpAfter ? UNANSWERED_RESENDS - 1 : UNANSWERED_RESENDS);
    if (enough && end - first.t >= forMs) unanswered.set(msg, resends);
  }
  return unanswered;
}
