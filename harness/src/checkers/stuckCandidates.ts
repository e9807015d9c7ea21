import { isOpen, type HistoryView } from '../view/HistoryView.js';
import { unansweredSinceHeal } from './resendsAfterHeal.js';

/**
 * Per client, the first of its messages still open (invoked, neither acked
 * nor given up since) that it has re-sent without an answer since the heal on
 * its current connection (see {@link unansweredSinceHeal}): the candidates for
 * `unacknowledged` while the final phase is still draining, judged at `now`
 * on the recorder's clock. Whether the target stored them decides; the
 * caller reads the store.
 *
 * @example
 * stuckCandidates(buildView(recorder.events), recorder.now()); // Map { 'c1' => 'c1-4' }
 */
export function stuckCandidates(view: HistoryView, now: number): Map<string, string> {
  const unanswered = unansweredSinceHeal(view, now);
  const stuck = new Map<string, string>();
  for (const m of view.messages.values()) {
    if (isOpen(m) && !stuck.has(m.client) && unanswered.has(m.msg)) stuck.set(m.client, m.msg);
  }
  return stuck;
}
