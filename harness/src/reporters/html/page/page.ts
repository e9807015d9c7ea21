// What every part of the report page shares: the report model the reporter embedded, the page's
// root, what is selected and shown, and the kinds of timeline mark.
import type { HtmlReportModel } from '../reportModel.js';
import type { MARK_KINDS as MODEL_MARK_KINDS, MarkKind } from '../timelineModel.js';
import { el } from './dom.js';

/** The report model, as renderHtml embedded it. */
export const data = JSON.parse(document.getElementById('siochaos-data')!.textContent!) as HtmlReportModel;
export const app = document.getElementById('app')!;
export const timeline = data.timeline;

/** What the timeline shows (`view`, ms) and which anomaly is open (-1: none). */
export const state = { view: [timeline.start, Math.max(timeline.end, timeline.start + 1)] as [number, number], selected: -1 };

/** History indices of every anomaly's events. */
export const highlighted = new Set(data.anomalies.flatMap((a) => a.events));

/** The timeline model's mark kinds, in its order (the type says they are the same list). */
export const MARK_KINDS: typeof MODEL_MARK_KINDS = ['invoke', 'ok', 'info', 'fail', 'receive', 'connect', 'disconnect', 'stored', 'reject', 'exit', 'probe', 'shown', 'moved'];

export const MARK_WORDS: Record<MarkKind, string> = {
  invoke: 'sent', ok: 'acknowledged', info: 'outcome unknown', fail: 'gave up',
  receive: 'received offset', connect: 'connected', disconnect: 'disconnected', stored: 'stored', reject: 'got a refusal of',
  exit: 'died on its own:', probe: 'sent a robustness probe:', shown: 'page shows', moved: 'moved',
};

/** The colours of a multi-node target's nodes, by the node's position among them (they repeat after eight). */
const NODE_COLOURS = ['#2e90fa', '#12b76a', '#f79009', '#7a5af8', '#ee46bc', '#06aed4', '#875bf7', '#669f2a'];

/** The colour of the node on lane `lane`. */
export function nodeColour(lane: number): string {
  const first = timeline.lanes.findIndex((l) => l.kind === 'node');
  return NODE_COLOURS[Math.max(0, lane - first) % NODE_COLOURS.length]!;
}

/** A card of the page, with its heading and an introduction. */
export function section(id: string, title: string, intro?: string): HTMLElement {
  const s = el('section', { id, class: 'card' }, [el('h2', null, title)]);
  if (intro) s.appendChild(el('p', { class: 'intro' }, intro));
  app.appendChild(s);
  return s;
}
