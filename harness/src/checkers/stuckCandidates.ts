import type { History } from '../history/events.js';
import { unansweredSinceHeal } from './resendsAfterHeal.js';

/**
 * Per client, the first of its messages still open (invoked, neither acked
 * nor given up) that it has re-sent without an answer since the heal on its
 * current connection (see {@link unansweredSinceHeal}): the candidates for
 * `unacknowledged` while the final phase is still draining. Whether the
 * target stored them decides; the caller reads the store.
 *
 * @example
 * stuckCandidates(recorder.events); // Map { 'c1' => 'c1-4' }
 */
export function stuckCandidates(history: History): Map<string, string> {
  const unanswered = unansweredSinceHeal(history);
  const open = new Map<string, string>();
  for (const e of history) {
    if (e.type === 'invoke') open.set(e.msg, e.client);
    else if (e.type === 'ok' || e.type === 'fail' || e.type === 'reject') open.delete(e.msg);
  }
  const stuck = new Map<string, string>();
  for (const [msg, client] of open) {
    if (!stuck.has(client) && unanswered.has(msg)) stuck.set(client, msg);
  }
  return stuck;
}
