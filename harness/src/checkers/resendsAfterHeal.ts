import { HEALED_PHASE, type History } from '../history/events.js';

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
 * resendsAfterHeal(history).get('c0-4')?.invokes.length; // 12: re-sent 12 times, never answered
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
