import type { FinalReadEvent, History, PageViewEvent, ReceiveEvent } from '../history/events.js';
import type { ClientView, HistoryView } from '../view/HistoryView.js';
import { anomaly, type Anomaly, type CheckResult } from './Checker.js';
import { formatTime, listSome, plural, quote } from './describe.js';
import { verdictOf } from './verdict.js';

/** How many items or offsets a note lists before it says "and N more". */
const NOTE_LIST_MAX = 10;

/** A stored row: its offset, its text and the index of its final-read event. */
interface Row {
  offset: number;
  content: string;
  at: number;
}

/**
 * Where each item of a page's list comes from: the stored row it shows
 * (matched by text, the n-th item with a text to the n-th row with it, in
 * offset order), a repeat of one (more items with that text than rows), or
 * nothing stored.
 */
interface Mapping {
  /** Per item: the offset it shows, or undefined for an item of no stored text. */
  offsets: (number | undefined)[];
  /** Per item: whether it repeats a row already shown. */
  repeats: boolean[];
  unmatched: number[];
}

/**
 * Maps the items of a page's list to stored rows by their text.
 *
 * @example
 * mapItems(['a', 'b', 'a'], byContent).offsets; // [1, 2, 1]: the second 'a' repeats row 1 when only one row holds 'a'
 */
function mapItems(items: readonly string[], byContent: ReadonlyMap<string, Row[]>): Mapping {
  const seen = new Map<string, number>();
  const offsets: (number | undefined)[] = [];
  const repeats: boolean[] = [];
  const unmatched: number[] = [];
  items.forEach((item, i) => {
    const rows = byContent.get(item);
    const n = seen.get(item) ?? 0;
    seen.set(item, n + 1);
    if (!rows) {
      offsets.push(undefined);
      repeats.push(false);
      unmatched.push(i);
      return;
    }
    offsets.push(rows[Math.min(n, rows.length - 1)]!.offset);
    repeats.push(n >= rows.length);
  });
  return { offsets, repeats, unmatched };
}

/** What the page-view pass adds to the receive checker's result. */
interface PageJudgement {
  anomalies: Anomaly[];
  notes: string[];
  clients: string[];
}

/** How the wire saw these offsets: "on the wire it arrived 2 times (at 1.2 s, 1.3 s)". */
function wireWords(history: History, receives: readonly number[], offset: number): { text: string; events: number[] } {
  const at = receives.filter((i) => (history[i] as ReceiveEvent).offset === offset);
  if (at.length === 0) return { text: 'on the wire it never arrived', events: [] };
  const times = at.map((i) => formatTime(history[i]!.t)).join(', ');
  return { text: `on the wire it arrived ${at.length === 1 ? 'once' : `${at.length} times`} (at ${times})`, events: at };
}

/** The first view of the page in which `predicate` holds of its mapping: when the anomaly first showed. */
function firstShown(history: History, views: readonly number[], byContent: ReadonlyMap<string, Row[]>, predicate: (m: Mapping) => boolean): number | undefined {
  for (const i of views) if (predicate(mapItems((history[i] as PageViewEvent).items, byContent))) return i;
  return undefined;
}

function judgeOne(view: HistoryView, page: ClientView, rows: readonly Row[], byContent: ReadonlyMap<string, Row[]>): { anomalies: Anomaly[]; notes: string[]; judged: boolean } {
  const { history } = view;
  const client = page.name;
  const lastView = page.pageViews.at(-1)!;
  const shown = history[lastView] as PageViewEvent;
  const notes: string[] = [];
  if (!shown.final) notes.push(`${client}: no read of the page at the end; judged on its last change, at ${formatTime(shown.t)}`);
  const storedOffsets = new Set(rows.map((r) => r.offset));
  const everShown = page.pageViews.some((i) => (history[i] as PageViewEvent).items.length > 0);
  if (!everShown && page.receives.some((i) => storedOffsets.has((history[i] as ReceiveEvent).offset))) {
    notes.push(
      `${client}: browser.messages matches nothing on the page (no read of it ever held an item, while the wire brought stored rows): judged on the wire instead; check the selector`,
    );
    return { anomalies: [], notes, judged: false };
  }
  const m = mapItems(shown.items, byContent);
  if (shown.items.length > 0 && m.unmatched.length === shown.items.length && rows.length > 0) {
    notes.push(
      `${client}'s page shows ${plural(shown.items.length, 'item')}, none the text of a stored message (e.g. ${quote(shown.items[0]!)}): judged on the wire instead; check that browser.messages selects the message items and that the page shows each message's text as sent`,
    );
    return { anomalies: [], notes, judged: false };
  }
  const anomalies: Anomaly[] = [];
  const rowAt = new Map(rows.map((r) => [r.offset, r]));
  const shownOffsets = new Set<number>();
  let maxItem = -1;
  for (let k = 0; k < m.offsets.length; k++) {
    const offset = m.offsets[k];
    if (offset === undefined) continue;
    const row = rowAt.get(offset)!;
    const same = (byContent.get(row.content) ?? []).length;
    if (m.repeats[k]) {
      const wire = wireWords(history, page.receives, offset);
      const count = shown.items.filter((item) => item === row.content).length;
      const first = firstShown(history, page.pageViews, byContent, (v) => v.repeats.some((r, j) => r && v.offsets[j] === offset));
      anomalies.push(anomaly('duplicated-delivery', {
        client,
        msgs: msgOf(view, row),
        offsets: [offset],
        events: sorted([...(first === undefined ? [] : [first]), lastView, row.at, ...wire.events]),
        description: `${client}'s page shows offset ${offset} (${quote(row.content)}) ${count} times${same > 1 ? ` (${same} stored rows have that text)` : ''}${first !== undefined && first !== lastView ? `, since ${formatTime(history[first]!.t)}` : ''}; ${wire.text}`,
      }));
      continue;
    }
    shownOffsets.add(offset);
    const before = maxItem >= 0 ? m.offsets[maxItem]! : -Infinity;
    if (offset < before) {
      const earlier = rowAt.get(before)!;
      const wire = wireWords(history, page.receives, offset);
      anomalies.push(anomaly('out-of-order-delivery', {
        client,
        msgs: [...msgOf(view, earlier), ...msgOf(view, row)],
        offsets: [before, offset],
        events: sorted([lastView, earlier.at, row.at, ...wire.events]),
        description: `${client}'s page shows offset ${offset} (${quote(row.content)}, item ${k + 1}) below offset ${before} (${quote(earlier.content)}, item ${maxItem + 1}); ${wire.text}`,
      }));
    } else maxItem = k;
  }
  // Only a page there at the end, given time to catch up, must show every row.
  const missed = page.connectedAtEnd === true ? rows.filter((r) => !shownOffsets.has(r.offset)) : [];
  if (missed.length > 0) {
    const offsets = missed.map((r) => r.offset);
    const arrived = offsets.filter((o) => page.receives.some((i) => (history[i] as ReceiveEvent).offset === o));
    const wire =
      arrived.length === 0
        ? 'on the wire none of them arrived'
        : arrived.length === offsets.length
          ? `on the wire ${offsets.length === 1 ? 'it' : 'all of them'} arrived: the page did not show ${offsets.length === 1 ? 'it' : 'them'}`
          : `on the wire ${listSome(arrived)} arrived`;
    const wireEvents = page.receives.filter((i) => offsets.includes((history[i] as ReceiveEvent).offset));
    anomalies.push(anomaly('missed', {
      client,
      msgs: missed.flatMap((r) => msgOf(view, r)),
      offsets,
      events: sorted([...missed.map((r) => r.at), lastView, ...wireEvents, ...page.connections.slice(-1)]),
      description: `${client}'s page was connected at the end but does not show ${plural(offsets.length, 'stored offset')}: ${listSome(offsets)} (${listSome(missed.map((r) => quote(r.content, 20)))}); ${wire}`,
    }));
  }
  if (m.unmatched.length > 0) {
    notes.push(
      `${client}'s page shows ${plural(m.unmatched.length, 'item')} with no stored text (not judged): ${listSome(m.unmatched.map((i) => quote(shown.items[i]!, 20)), NOTE_LIST_MAX)}`,
    );
  }
  return { anomalies, notes, judged: true };
}

function msgOf(view: HistoryView, row: Row): string[] {
  const msg = view.msgOfRow.get(row.at);
  return msg === undefined ? [] : [msg];
}

function sorted(indices: number[]): number[] {
  return [...new Set(indices)].sort((a, b) => a - b);
}

/** The first row of each stored offset, in offset order. */
function storedRows(view: HistoryView): Row[] {
  const rows: Row[] = [];
  for (const [offset, at] of view.rowAt) rows.push({ offset, content: (view.history[at] as FinalReadEvent).content, at });
  return rows.sort((a, b) => a.offset - b.offset);
}

function pageJudgement(view: HistoryView, pages: readonly ClientView[]): PageJudgement {
  const rows = storedRows(view);
  const byContent = new Map<string, Row[]>();
  for (const row of rows) {
    const same = byContent.get(row.content);
    if (same) same.push(row);
    else byContent.set(row.content, [row]);
  }
  const judgement: PageJudgement = { anomalies: [], notes: [], clients: [] };
  for (const page of pages) {
    const one = judgeOne(view, page, rows, byContent);
    judgement.anomalies.push(...one.anomalies);
    judgement.notes.push(...one.notes);
    if (one.judged) judgement.clients.push(page.name);
  }
  return judgement;
}

/**
 * Judges the receive side of browser clients on what their pages show: the
 * last `page-view` of a page is mapped to the stored rows by text (the n-th
 * item with a text to the n-th row with it), and an item repeating a row is
 * `duplicated-delivery`, an item below one of a higher offset is
 * `out-of-order-delivery`, and, for a page connected at the end, rows it
 * does not show are `missed`. Each says what the wire showed of the same offsets. The wire's
 * own anomalies for those clients (`wire`, from `checkReceive`) are kept as
 * notes: a re-delivery the page does not show is not an anomaly. Clients
 * without page views, pages whose items match no stored text at all, and
 * pages whose list never held an item while the wire brought stored rows
 * (a `browser.messages` selector that matches nothing), keep the wire's
 * judgement.
 *
 * Counts added: `pageClients` (judged on their page), `wireOnly` (wire
 * anomalies the page did not show).
 *
 * @example
 * const result = judgePageViews(view, checkReceive(view));
 * result.anomalies.filter((a) => a.client === 'c1'); // judged on c1's page
 */
export function judgePageViews(view: HistoryView, wire: CheckResult): CheckResult {
  const pages = [...view.clients.values()].filter((c) => c.pageViews.length > 0).sort((a, b) => a.pageViews[0]! - b.pageViews[0]!);
  if (pages.length === 0) return wire;
  const judgement = pageJudgement(view, pages);
  const onPage = new Set(judgement.clients);
  const key = (a: Anomaly): string => `${a.client}\u0000${a.kind}\u0000${a.offsets.join(',')}`;
  const shownOnPage = new Set(judgement.anomalies.map(key));
  const anomalies = wire.anomalies.filter((a) => a.client === undefined || !onPage.has(a.client));
  const wireOnly = wire.anomalies.filter((a) => a.client !== undefined && onPage.has(a.client) && !shownOnPage.has(key(a)));
  const notes = [...wire.notes, ...judgement.notes];
  for (const client of onPage) {
    const own = wireOnly.filter((a) => a.client === client);
    notes.push(`${client} judged on what its page shows (browser.messages)`);
    if (own.length > 0) {
      notes.push(
        `${client}: on the wire ${listSome(own.map((a) => a.description), 3)}; the page does not show ${own.length === 1 ? 'it' : 'them'}, so ${own.length === 1 ? 'it is' : 'they are'} not counted`,
      );
    }
  }
  anomalies.push(...judgement.anomalies);
  const kindCount = (kind: Anomaly['kind']): number => anomalies.filter((a) => a.kind === kind).length;
  return {
    ...wire,
    verdict: verdictOf(anomalies, wire.verdict === 'unknown' || (wire.counts.notReconnected ?? 0) > 0 ? 1 : 0),
    anomalies,
    counts: {
      ...wire.counts,
      missed: kindCount('missed'),
      'duplicated-delivery': kindCount('duplicated-delivery'),
      'out-of-order-delivery': kindCount('out-of-order-delivery'),
      pageClients: onPage.size,
      wireOnly: wireOnly.length,
    },
    notes,
  };
}
