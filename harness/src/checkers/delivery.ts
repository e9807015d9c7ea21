import type { FailEvent, FinalReadEvent, History, OkEvent, RejectEvent } from '../history/events.js';
import type { HistoryView, MessageView } from '../view/HistoryView.js';
import { anomaly, type Anomaly, type CheckResult, type Checker } from './Checker.js';
import { formatTime, listSome, plural, quote } from './describe.js';
import { outcomeOf } from './outcome.js';
import { UNANSWERED_RESENDS, unansweredSinceHeal } from './resendsAfterHeal.js';
import { verdictOf } from './verdict.js';

/** How many message names a note lists before it says "and N more". */
const NOTE_LIST_MAX = 50;

type Flag = 'lost' | 'abandoned' | 'rejected' | 'duplicated' | 'phantom' | 'unacknowledged';

/**
 * The send side, without ordering: every message a client sent is stored at
 * least once if acknowledged or given up on (`lost`, `abandoned`), at most once
 * (`duplicated`), and nothing is stored that no client sent (`phantom`). A
 * message the server refused (a `reject`: its negative ack) and did not store
 * is `rejected`, with the server's reason: the generator sends well-formed
 * messages only, so a server that refuses one breaks delivery; refused but
 * found stored once (a retry refused as already stored) is `recovered`.
 * Messages whose outcome is unknown and that are not stored make the verdict
 * `unknown`; messages with an unknown outcome (or given up) found stored once
 * are counted as `recovered`, which is not an error, unless the client kept
 * re-sending it after every fault was healed and never got an ack, at least
 * {@link UNANSWERED_RESENDS} times over `unansweredForMs` (2 s, or two of its ack timeouts when longer)
 * (`unacknowledged`: a server that stores a retry's original but never answers
 * the retry leaves its client stuck). A message given up because its client
 * left for good (`fail` cause `client-left`) or its page was reloaded
 * (`page-reloaded`) and not stored is a note, not `abandoned`. Linear in the history.
 *
 * Rows of a store that keeps no client identity (`match: 'content'`) are
 * matched to messages by content (see `buildView`); a note says so.
 *
 * Counts: `sent`, `attempts`, `acked`, `gaveUp`, `refused`, `unknown`, `pending`,
 * `recovered`, `ackedAfterInfo`, `stored` (rows), `matchedByContent` (rows
 * matched to a message by content, only for a store without client offsets),
 * and one per anomaly kind.
 *
 * @example
 * const result = checkDelivery(buildView(history));
 * if (result.verdict === 'invalid') for (const a of result.anomalies) console.log(a.description);
 */
export function checkDelivery(view: HistoryView): CheckResult {
  const { history } = view;
  const unanswered = unansweredSinceHeal(view);
  const flagged: { record: MessageView; flag: Flag }[] = [];
  const pending: string[] = [];
  const recovered: string[] = [];
  const orphans: string[] = [];
  const unsentAtDeparture: string[] = [];
  const droppedByReload: string[] = [];
  let sent = 0;
  let acked = 0;
  let gaveUp = 0;
  let refused = 0;
  let unknown = 0;
  let ackedAfterInfo = 0;

  // An indexed loop (messageById is messages' order): unlike a map iterator, it allocates nothing while not yet optimized.
  const records = view.messageById;
  for (let k = 0; k < records.length; k++) {
    const r = records[k]!;
    if (r.attempts === 0) {
      if (r.stored > 0) flagged.push({ record: r, flag: 'phantom' });
      else orphans.push(r.msg);
      continue;
    }
    sent++;
    const outcome = outcomeOf(r);
    if (outcome === 'acked') acked++;
    else if (outcome === 'rejected') refused++;
    else if (outcome === 'gave-up') gaveUp++;
    else unknown++;
    if (r.ackedAfterInfo) ackedAfterInfo++;

    if (r.stored === 0) {
      if (outcome === 'acked') flagged.push({ record: r, flag: 'lost' });
      else if (outcome === 'rejected') flagged.push({ record: r, flag: 'rejected' });
      else if (outcome === 'gave-up') {
        const fail = history[r.fail];
        if (fail?.type === 'fail' && fail.cause === 'client-left') unsentAtDeparture.push(r.msg);
        else if (fail?.type === 'fail' && fail.cause === 'page-reloaded') droppedByReload.push(r.msg);
        else flagged.push({ record: r, flag: 'abandoned' });
      } else pending.push(r.msg);
    } else if (r.stored === 1) {
      if (outcome === 'acked') continue;
      if (unanswered.has(r.msg)) flagged.push({ record: r, flag: 'unacknowledged' });
      else recovered.push(`${r.msg} (${outcome === 'unknown' ? 'unknown' : outcome === 'rejected' ? 'refused' : 'given up'})`);
    } else {
      flagged.push({ record: r, flag: 'duplicated' });
    }
  }

  const anomalies: Anomaly[] = flagged.map(({ record, flag }) =>
    describeAnomaly(history, record, flag, unanswered.get(record.msg)?.invokes.length ?? 0),
  );
  for (const row of view.anonymousRows) anomalies.push(anonymousPhantom(history, row));

  const notes: string[] = [];
  if (view.contentRows > 0) {
    notes.push(
      `rows matched to messages by content: the store keeps no client offset, so each of its ${plural(view.contentRows, 'row')} is the message that sent its text (texts are unique within the scenario)`,
    );
  }
  if (view.ambiguousTexts.length > 0) {
    notes.push(
      `${plural(view.ambiguousTexts.length, 'text')} sent as more than one message, so rows holding them were matched to the first: ${listSome(view.ambiguousTexts.map(quote), NOTE_LIST_MAX)}`,
    );
  }
  if (unsentAtDeparture.length > 0) {
    notes.push(
      `${plural(unsentAtDeparture.length, 'message')} still queued when their client left for good, not stored (not an error): ${listSome(unsentAtDeparture, NOTE_LIST_MAX)}`,
    );
  }
  if (droppedByReload.length > 0) {
    notes.push(
      `${plural(droppedByReload.length, 'message')} dropped by a page reload (not acknowledged, or typed and never on the wire), not stored (not an error): ${listSome(droppedByReload, NOTE_LIST_MAX)}`,
    );
  }
  if (pending.length > 0) {
    notes.push(
      `${plural(pending.length, 'message')} still pending (outcome unknown, not stored): ${listSome(pending, NOTE_LIST_MAX)}`,
    );
  }
  if (recovered.length > 0) {
    notes.push(
      `${plural(recovered.length, 'message')} with an unknown outcome or given up found stored once (recovered, not an error): ${listSome(recovered, NOTE_LIST_MAX)}`,
    );
  }
  if (orphans.length > 0) {
    notes.push(`${plural(orphans.length, 'message')} with outcomes but no invoke, ignored: ${listSome(orphans, NOTE_LIST_MAX)}`);
  }

  const kindCount = (kind: Flag): number => anomalies.filter((a) => a.kind === kind).length;
  return {
    checker: 'delivery',
    verdict: verdictOf(anomalies, pending.length),
    anomalies,
    counts: {
      sent,
      attempts: view.attempts,
      acked,
      gaveUp,
      refused,
      unknown,
      pending: pending.length,
      recovered: recovered.length,
      ackedAfterInfo,
      stored: view.rows.length,
      ...(view.contentRows > 0 ? { matchedByContent: view.matchedByContent } : {}),
      lost: kindCount('lost'),
      abandoned: kindCount('abandoned'),
      rejected: kindCount('rejected'),
      duplicated: kindCount('duplicated'),
      phantom: kindCount('phantom'),
      unacknowledged: kindCount('unacknowledged'),
    },
    notes,
  };
}

function offsetsOf(history: History, r: MessageView): number[] {
  const offsets: number[] = [];
  for (const i of r.events) {
    const e = history[i]!;
    if (e.type === 'final-read') offsets.push(e.offset);
  }
  return offsets.sort((a, b) => a - b);
}

function describeAnomaly(history: History, r: MessageView, flag: Flag, resent: number): Anomaly {
  const name = `${r.msg} (${quote(r.content)})`;
  const base = { ...(r.client === '' ? {} : { client: r.client }), msgs: [r.msg], offsets: offsetsOf(history, r), events: [...r.events] };
  switch (flag) {
    case 'lost': {
      const ok = history[r.ok] as OkEvent;
      const by = ok.ack === 'server' ? 'by the server' : 'locally (the emit returned, no server ack)';
      return anomaly('lost', {
        ...base,
        description: `${name} was acknowledged ${by} at ${formatTime(ok.t)} but never stored`,
      });
    }
    case 'abandoned': {
      const fail = history[r.fail] as FailEvent;
      return anomaly('abandoned', {
        ...base,
        description: `${name} was given up by ${r.client} at ${formatTime(fail.t)} after ${plural(r.attempts, 'attempt')} (${fail.reason}) and never stored`,
      });
    }
    case 'rejected': {
      const reject = history[r.reject] as RejectEvent;
      return anomaly('rejected', {
        ...base,
        reason: reject.reason,
        description: `${name} was refused by the server at ${formatTime(reject.t)} (attempt ${reject.attempt}: ${quote(reject.reason, 80)}) and never stored`,
      });
    }
    case 'duplicated':
      return anomaly('duplicated', {
        ...base,
        description: `${name} was stored ${r.stored} times, at offsets ${base.offsets.join(', ')}`,
      });
    case 'unacknowledged': {
      const gaveUp = r.fail >= 0 ? `, then gave up at ${formatTime((history[r.fail] as FailEvent).t)}` : '';
      return anomaly('unacknowledged', {
        ...base,
        description: `${name} was stored at offset ${base.offsets.join(', ')}, but ${r.client} re-sent it ${plural(resent, 'time')} after every fault was healed, on a connection that stayed up, and never got an ack${gaveUp}`,
      });
    }
    case 'phantom':
      return anomaly('phantom', {
        ...base,
        description: `${r.msg} (${quote(r.content)}) was stored at offset${base.offsets.length === 1 ? '' : 's'} ${base.offsets.join(', ')} but no client ever sent it`,
      });
  }
}

function anonymousPhantom(history: History, row: number): Anomaly {
  const e = history[row] as FinalReadEvent;
  return anomaly('phantom', {
    msgs: [],
    offsets: [e.offset],
    events: [row],
    description:
      e.match === 'content'
        ? `offset ${e.offset} (${quote(e.content)}) was stored, but no client sent that text (this store keeps no client offset, so rows are matched to messages by content; a server that changes texts, trimming or escaping them, needs a client offset stored and mapped)`
        : `offset ${e.offset} (${quote(e.content)}) was stored with no client offset, so no client sent it`,
  });
}

/**
 * The send-side delivery checker (see {@link checkDelivery}).
 *
 * @example
 * const result = deliveryChecker.check(history);
 */
export const deliveryChecker: Checker = { name: 'delivery', check: checkDelivery };
