import type { HistoryView } from '../view/HistoryView.js';

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
 * The attempts a client made at one message once nothing stood in its way:
 * after the final phase healed every fault (the view's `healedAt`) and on the
 * client's last connection (no disconnect of that client after them).
 */
export interface ResendsAfterHeal {
  /** Indices of those invoke events, in history order. */
  invokes: number[];
}

/**
 * Per message, the attempts made after the heal on a connection that stayed up
 * to the end of the history (see {@link ResendsAfterHeal}). Messages with none
 * are left out; a history without a heal gives an empty map.
 *
 * @example
 * resendsAfterHeal(view).get('c0-4')?.invokes.length; // 12
 */
export function resendsAfterHeal(view: HistoryView): Map<string, ResendsAfterHeal> {
  const found = new Map<string, ResendsAfterHeal>();
  const { history, healedAt } = view;
  if (healedAt < 0) return found;
  const records = view.messageById;
  for (let k = 0; k < records.length; k++) {
    const m = records[k]!;
    if (m.lastInvoke <= healedAt) continue;
    const since = Math.max(healedAt, lastDisconnect(view, m.client));
    const invokes = m.events.filter((i) => i > since && history[i]!.type === 'invoke');
    if (invokes.length > 0) found.set(m.msg, { invokes });
  }
  return found;
}

function lastDisconnect(view: HistoryView, client: string): number {
  const connections = view.clients.get(client)?.connections ?? [];
  for (let k = connections.length - 1; k >= 0; k--) if (view.history[connections[k]!]!.type === 'disconnect') return connections[k]!;
  return -1;
}

/**
 * The messages re-sent after the heal, on a connection that stayed up, at
 * least {@link UNANSWERED_RESENDS} times, or one time fewer when the client
 * then gave up (its retries ran out: it waited a whole ack timeout after the
 * last one, so no ack was on its way), over at least {@link unansweredForMs}
 * of the clients' ack timeout up to `at`: the history's last event, or, while
 * the history is still being written, the recorder's clock (the last re-send
 * can come a few ms short of two ack timeouts after the first, since a timer
 * counts from the start of the event-loop tick that set it; no event follows
 * it until the client gives up). Whether they were acked is the caller's to
 * check (an ack after them is not looked for here).
 *
 * @example
 * unansweredSinceHeal(view).has('c0-4'); // true: re-sent 40 times over 2.4 s
 * unansweredSinceHeal(view, recorder.now()); // during the final phase's drain
 */
export function unansweredSinceHeal(view: HistoryView, at: number = view.end): Map<string, ResendsAfterHeal> {
  const { history } = view;
  const forMs = unansweredForMs(view.ackTimeoutMs);
  const unanswered = new Map<string, ResendsAfterHeal>();
  for (const [msg, resends] of resendsAfterHeal(view)) {
    const first = history[resends.invokes[0]!]!;
    const gaveUpAfter = lastGiveUp(view, msg) > resends.invokes.at(-1)!;
    const enough = resends.invokes.length >= (gaveUpAfter ? UNANSWERED_RESENDS - 1 : UNANSWERED_RESENDS);
    if (enough && at - first.t >= forMs) unanswered.set(msg, resends);
  }
  return unanswered;
}

/** Index of the last `fail` of `msg` whose client did not leave for good; -1 when none. */
function lastGiveUp(view: HistoryView, msg: string): number {
  const events = view.messages.get(msg)?.events ?? [];
  for (let k = events.length - 1; k >= 0; k--) {
    const e = view.history[events[k]!]!;
    if (e.type === 'fail' && e.cause !== 'client-left') return events[k]!;
  }
  return -1;
}
