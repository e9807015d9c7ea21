import type { FinalReadEvent, ProbeEvent, ProbeKind } from '../history/events.js';
import type { HistoryView } from '../view/HistoryView.js';
import { anomaly, type Anomaly, type CheckResult, type Checker } from './Checker.js';
import { quote } from './describe.js';
import { probePayload } from './targetCrash.js';
import { verdictOf } from './verdict.js';

/** What is wrong with each malformed probe, in words. */
const WHAT_IS_WRONG: Record<ProbeKind, string> = {
  'no-ack': 'no ack function',
  'missing-offset': 'the client offset left out',
  'offset-wrong-type': 'a number for the client offset',
  'content-wrong-type': 'a number for the content',
  oversized: 'an oversized content',
  'unknown-event': 'an event the server does not know',
};

/** Probes whose rows are bad only when the store keeps client offsets (else the server is right to ignore them). */
const OFFSET_PROBES: ReadonlySet<ProbeKind> = new Set(['missing-offset', 'offset-wrong-type']);

/**
 * What the server stores for what real clients send wrong: a row stored for a
 * malformed robustness probe (a missing or non-string client offset, a number
 * for content, an unknown event) is `bad-row-stored`, blamed on the server,
 * naming the payload. A probe without an ack function or with an oversized
 * content is well-formed: storing it is fine (surviving it is the crash
 * checker's business). When the store keeps no client offsets (its rows are
 * matched by content), or there is no store (kind none), a server that ignores
 * them is right to store a message that lacks one: those probes are not
 * judged, and a note says so.
 *
 * Counts: `probes`, `probeRows`, `badRows`.
 *
 * @example
 * checkRobustness(buildView(history)).anomalies[0]?.payload; // 'chat message ["siochaos probe c0#1"] with an ack function'
 */
export function checkRobustness(view: HistoryView): CheckResult {
  const { history } = view;
  const probes = view.probes.length;
  const rows = view.probeRows;
  // From how the store's rows were matched, not from whether any row has a client offset:
  // a scenario whose only rows lack one (all probes) still reads a store that keeps them.
  // Without a store (kind none) the rows are what clients received: whether the server keeps offsets is unknown.
  const keepsOffsets = !(view.noStore || view.contentRows > 0 || rows.some(({ row }) => (history[row] as FinalReadEvent).match === 'content'));
  const anomalies: Anomaly[] = [];
  const notes: string[] = [];
  let unjudged = 0;
  for (const { row, probe } of rows) {
    const p = history[probe] as ProbeEvent;
    const stored = history[row]!;
    if (!p.malformed || stored.type !== 'final-read') continue;
    if (OFFSET_PROBES.has(p.probe) && !keepsOffsets) {
      unjudged++;
      continue;
    }
    const payload = probePayload(p);
    anomalies.push(anomaly('bad-row-stored', {
      client: p.client,
      msgs: [],
      offsets: [stored.offset],
      events: [probe, row],
      description:
        `a malformed payload was stored (${p.probe} probe: ${WHAT_IS_WRONG[p.probe]}): ${p.client} sent ${payload}, ` +
        `and the target stored it at offset ${stored.offset} as ${quote(stored.content)}${stored.msg === null ? ' with no client offset' : ` with client offset ${stored.msg}`}`,
      payload,
    }));
  }
  if (unjudged > 0) {
    notes.push(`${unjudged} rows stored for probes without a (string) client offset were not judged: the store keeps no client offsets, so the server may rightly ignore them`);
  }
  return {
    checker: 'robustness',
    verdict: verdictOf(anomalies, 0),
    anomalies,
    counts: { probes, probeRows: rows.length, badRows: anomalies.length },
    notes,
  };
}

/** {@link checkRobustness} as a {@link Checker}: it judges the probes' own rows, which the other checkers never see. */
export const robustnessChecker: Checker = { name: 'robustness', check: checkRobustness };
