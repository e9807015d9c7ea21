import type { AnomalyView } from '../reportModel.js';
import type { FaultBand, Mark, MarkKind } from '../timelineModel.js';
import { el, fmtAxis, fmtMs, hideTip, niceStep, plural, showTip, svg } from './dom.js';
import { data, highlighted, MARK_KINDS, MARK_WORDS, nodeColour, section, state, timeline } from './page.js';

const tl: { holder?: HTMLElement; resizeTimer?: ReturnType<typeof setTimeout> } = {};

const showAll = (): [number, number] => [timeline.start, Math.max(timeline.end, timeline.start + 1)];

function legendIcon(kind: MarkKind): SVGSVGElement {
  const icon = svg('svg', { width: 14, height: 14, viewBox: '-7 -7 14 14', 'aria-hidden': 'true' });
  icon.appendChild(markShape(MARK_KINDS.indexOf(kind), 0, 0, false));
  return icon;
}

/** The timeline card: its legend, its toolbar and the timeline itself (redrawn on resize, zoom and selection). */
export function timelineSection(): void {
  const s = section('timeline', 'Timeline', data.historyLabel);
  if (!timeline.totalEvents) return;
  const legend = el('div', { class: 'legend' });
  const marks: [MarkKind, string][] = [['invoke', 'sent'], ['ok', 'acknowledged'], ['info', 'outcome unknown'], ['fail', 'gave up'], ['reject', 'refused'], ['receive', 'received'], ['stored', 'stored (final read)']];
  for (const [kind, words] of marks) legend.appendChild(el('span', { class: 'legend-item' }, [legendIcon(kind), words]));
  for (const [kind, words] of [['network', 'network fault'], ['client', 'client fault'], ['process', 'process fault'], ['database', 'database fault']]) {
    legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: `swatch band-${kind}` }), words]));
  }
  legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'glyph crash' }, '\u2715'), 'crash']));
  legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'glyph restart' }, '\u21bb'), 'restart']));
  const rare: [MarkKind, string][] = [['exit', 'server died (not stopped by siochaos)'], ['probe', 'robustness probe'], ['shown', 'a page\u2019s list changed']];
  for (const [kind, words] of rare) legend.appendChild(el('span', { class: 'legend-item' }, [legendIcon(kind), words]));
  if (timeline.nodes) nodeLegend(legend);
  legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'swatch hl' }), 'an anomaly\u2019s events']));
  s.appendChild(legend);
  const reset = el('button', { type: 'button', class: 'btn', id: 'zoom-reset' }, 'Show all');
  reset.addEventListener('click', () => {
    state.view = showAll();
    drawTimeline();
  });
  const note = timeline.sampled
    ? `Showing ${timeline.marks.length} of ${timeline.markableEvents} events: the rest are sampled out evenly, every anomaly\u2019s events are shown.`
    : 'Every event is shown.';
  s.appendChild(el('div', { class: 'toolbar' }, [el('span', { class: 'muted' }, `${note} Drag across the timeline to zoom in.`), reset]));
  tl.holder = el('div', { class: 'timeline-holder' });
  s.appendChild(tl.holder);
  window.addEventListener('resize', () => {
    clearTimeout(tl.resizeTimer);
    tl.resizeTimer = setTimeout(drawTimeline, 100);
  });
  drawTimeline();
}

/** A multi-node target's legend: each node's colour (its connections on the clients' lanes), outages, moves. */
function nodeLegend(legend: HTMLElement): void {
  timeline.lanes.forEach((lane, i) => {
    if (lane.kind !== 'node') return;
    legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'swatch node-swatch', style: `background:${nodeColour(i)}` }), `served by ${lane.name}`]));
  });
  legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'swatch band-node' }), 'node fault']));
  legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'swatch band-adapter' }), 'adapter fault']));
  legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'swatch outage-down' }), 'node down']));
  legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'swatch outage-paused' }), 'node paused']));
  legend.appendChild(el('span', { class: 'legend-item' }, [legendIcon('moved'), 'moved to another node']));
}

/** The shape of a mark of kind `kind` (an index of MARK_KINDS) at (x, y). */
export function markShape(kind: number, x: number, y: number, hl: boolean): SVGElement {
  const name = MARK_KINDS[kind];
  const cls = `m m-${name}${hl ? ' hl' : ''}`;
  switch (name) {
    case 'invoke':
      return svg('circle', { cx: x, cy: y, r: 3.4, class: cls });
    case 'ok':
      return svg('circle', { cx: x, cy: y, r: 3.4, class: cls });
    case 'info':
      return svg('path', { d: `M${x} ${y - 4}l4 7h-8z`, class: cls });
    case 'fail':
      return svg('path', { d: `M${x - 3.5} ${y - 3.5}l7 7m0 -7l-7 7`, class: cls });
    case 'reject':
      return svg('path', { d: `M${x - 3.5} ${y}h7M${x} ${y - 3.5}a3.5 3.5 0 1 0 0.01 0`, class: cls });
    case 'receive':
      return svg('rect', { x: x - 2.8, y: y - 2.8, width: 5.6, height: 5.6, transform: `rotate(45 ${x} ${y})`, class: cls });
    case 'stored':
      return svg('rect', { x: x - 3.5, y: y - 3.5, width: 7, height: 7, class: cls });
    case 'exit':
      return svg('path', { d: `M${x - 5} ${y - 5}l10 10m0 -10l-10 10`, class: cls });
    case 'probe':
      return svg('path', { d: `M${x} ${y - 4}l4 4l-4 4l-4 -4z`, class: cls });
    case 'shown':
      return svg('rect', { x: x - 3, y: y - 2, width: 6, height: 4, class: cls });
    case 'moved':
      return svg('path', { d: `M${x - 6} ${y - 1.5}h6v-3.5l5.5 5l-5.5 5v-3.5h-6z`, class: cls });
    default:
      return svg('line', { x1: x, x2: x, y1: y - 6, y2: y + 6, class: cls });
  }
}

/** Zooms the timeline to an anomaly's events (its stored rows only when there is nothing else: they are read at the very end). */
export function zoomTo(a: AnomalyView): void {
  const events = new Set(a.events);
  let ts = timeline.marks.filter((m) => events.has(m[3]) && MARK_KINDS[m[2]] !== 'stored').map((m) => m[0]);
  if (!ts.length) ts = timeline.marks.filter((m) => events.has(m[3])).map((m) => m[0]);
  if (!ts.length) return;
  const lo = Math.min(...ts);
  const hi = Math.max(...ts);
  const pad = Math.max(20, (hi - lo) * 0.15);
  state.view = [Math.max(timeline.start, lo - pad), Math.min(timeline.end, hi + pad)];
  if (state.view[1] - state.view[0] < 1) state.view = [timeline.start, timeline.end];
  drawTimeline();
}

/** Draws the timeline of the current view and selection into its holder, replacing what was there. */
export function drawTimeline(): void {
  if (!tl.holder) return;
  const holder = tl.holder;
  const lanes = timeline.lanes;
  const W = Math.max(640, holder.clientWidth || 960);
  const L = 92;
  const R = 14;
  const TOP = 44;
  // A multi-node timeline's lanes are taller: each client connection shows as a strip along their foot, named by its node.
  const LANE = timeline.nodes ? 46 : 38;
  const H = TOP + lanes.length * LANE + 10;
  const [a, b] = state.view;
  const span = Math.max(1e-6, b - a);
  const x = (t: number) => L + ((t - a) / span) * (W - L - R);
  const laneY = (i: number) => TOP + i * LANE;
  const visible = (t: number) => t >= a - span * 0.002 && t <= b + span * 0.002;
  const selected = state.selected >= 0 ? data.anomalies[state.selected]! : undefined;
  const root = svg('svg', {
    class: `timeline${selected ? ' has-sel' : ''}`, width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `timeline of the scenario: one lane per client, the server${timeline.nodes ? ', each node, the adapter' : ''} and the database`,
  });
  const defs = svg('defs');
  defs.appendChild(svg('clipPath', { id: 'tl-clip' }, svg('rect', { x: L, y: 0, width: W - L - R, height: H })));
  root.appendChild(defs);
  const bg = svg('g', { class: 'lanes' });
  lanes.forEach((lane, i) => {
    bg.appendChild(svg('rect', { x: 0, y: laneY(i), width: W, height: LANE, class: `lane-bg lane-${lane.kind}${i % 2 ? ' odd' : ''}` }));
    bg.appendChild(svg('text', { x: 10, y: laneY(i) + LANE / 2 + 4, class: 'lane-label' }, lane.name));
    if (lane.kind === 'node') bg.appendChild(svg('rect', { x: L - 16, y: laneY(i) + LANE / 2 - 5, width: 10, height: 10, rx: 2, fill: nodeColour(i), class: 'node-key' }));
  });
  root.appendChild(bg);
  // axis
  const axis = svg('g', { class: 'axis' });
  const step = niceStep(span, Math.max(2, Math.floor((W - L - R) / 90)));
  for (let t = Math.ceil(a / step) * step; t <= b; t += step) {
    axis.appendChild(svg('line', { x1: x(t), x2: x(t), y1: TOP - 4, y2: H - 10, class: 'grid' }));
    axis.appendChild(svg('text', { x: x(t), y: TOP - 8, class: 'tick', 'text-anchor': 'middle' }, fmtAxis(t, step)));
  }
  root.appendChild(axis);
  const plot = svg('g', { 'clip-path': 'url(#tl-clip)' });
  root.appendChild(plot);
  // final phase
  if (timeline.finalPhase !== undefined && visible(timeline.finalPhase)) {
    plot.appendChild(svg('line', { x1: x(timeline.finalPhase), x2: x(timeline.finalPhase), y1: TOP, y2: H - 10, class: 'final-line' }));
    plot.appendChild(svg('text', { x: x(timeline.finalPhase) + 4, y: H - 14, class: 'final-label' }, 'final phase: heal all, drain, read'));
  }
  if (timeline.nodes) plot.appendChild(nodeLayer(x, laneY, LANE, a, b));
  // fault bands
  const bands = svg('g', { class: 'bands' });
  timeline.bands.forEach((band, bi) => {
    const end = band.end === undefined ? timeline.end : band.end;
    if (end < a || band.start > b) return;
    const inSel = selected !== undefined && selected.events.indexOf(band.events[0]!) >= 0;
    for (const li of band.lanes) {
      const x0 = x(band.start);
      const x1 = Math.max(x(end), x0 + 3);
      bands.appendChild(svg('rect', { x: x0, y: laneY(li) + 2, width: x1 - x0, height: LANE - 4, rx: 3, class: `band band-${band.kind}${inSel ? ' sel' : ''}`, 'data-band': String(bi) }));
      const label = band.label ?? band.fault;
      if (x1 - x0 > 54) bands.appendChild(svg('text', { x: x0 + 4, y: laneY(li) + LANE - 6, class: 'band-label' }, label));
      if (band.crash) {
        bands.appendChild(svg('text', { x: x0, y: laneY(li) + 14, class: 'crash', 'text-anchor': 'middle', 'data-band': String(bi) }, '\u2715'));
        if (band.end !== undefined) bands.appendChild(svg('text', { x: x(band.end), y: laneY(li) + 14, class: 'restart', 'text-anchor': 'middle', 'data-band': String(bi) }, '\u21bb'));
      }
    }
  });
  plot.appendChild(bands);
  // commands, numbered as the counterexample's steps, at the top; steps closer than a marker's width
  // share one (1–3), zoom in to tell them apart
  const cmds = svg('g', { class: 'commands' });
  const groups: { x: number; from: number; to: number }[] = [];
  timeline.commands.forEach((c, ci) => {
    if (!visible(c.t)) return;
    const last = groups[groups.length - 1];
    if (last && x(c.t) - last.x < 19) last.to = ci;
    else groups.push({ x: x(c.t), from: ci, to: ci });
  });
  for (const gr of groups) {
    const label = gr.from === gr.to ? String(gr.from + 1) : `${gr.from + 1}\u2013${gr.to + 1}`;
    const w = Math.max(16, label.length * 6.4 + 8);
    cmds.appendChild(svg('line', { x1: gr.x, x2: gr.x, y1: TOP, y2: H - 10, class: 'cmd-line' }));
    const g = svg('g', { class: 'cmd', 'data-cmd': `${gr.from}-${gr.to}` });
    g.appendChild(svg('rect', { x: gr.x - w / 2, y: 4, width: w, height: 16, rx: 8 }));
    g.appendChild(svg('text', { x: gr.x, y: 15.5, 'text-anchor': 'middle' }, label));
    cmds.appendChild(g);
  }
  root.appendChild(cmds);
  // final read
  if (timeline.finalRead && visible(timeline.finalRead.t)) {
    const dbLane = lanes.length - 1;
    plot.appendChild(svg('line', { x1: x(timeline.finalRead.t), x2: x(timeline.finalRead.t), y1: laneY(dbLane) + 4, y2: laneY(dbLane) + LANE - 4, class: 'read-line' }));
    plot.appendChild(svg('text', { x: x(timeline.finalRead.t) - 4, y: laneY(dbLane) + LANE - 7, class: 'read-label', 'text-anchor': 'end' }, `final read: ${plural(timeline.finalRead.rows, 'row')}`));
  }
  // marks
  const marks = svg('g', { class: 'marks' });
  const selSet = new Set(selected?.events ?? []);
  const selPoints: { x: number; y: number; kind: MarkKind; ref: string }[] = [];
  const hlLayer = svg('g', { class: 'marks-hl' });
  timeline.marks.forEach((m, mi) => {
    if (!visible(m[0])) return;
    const kind = MARK_KINDS[m[2]]!;
    const lower = kind === 'receive' || kind === 'shown';
    const y = laneY(m[1]) + (kind === 'connect' || kind === 'disconnect' || kind === 'stored' || kind === 'exit' || kind === 'moved' ? LANE / 2 : lower ? 27 : 13);
    const hl = highlighted.has(m[3]);
    const shape = markShape(m[2], x(m[0]), y, hl);
    shape.setAttribute('data-mark', String(mi));
    if (selSet.has(m[3])) {
      shape.classList.add('sel');
      selPoints.push({ x: x(m[0]), y, kind, ref: m[4] });
    }
    (hl ? hlLayer : marks).appendChild(shape);
  });
  plot.appendChild(marks);
  // the selected anomaly's messages: attempt → ack → stored row, joined per message
  const perMsg = new Map<string, { x: number; y: number }[]>();
  for (const p of selPoints) {
    if (p.kind === 'receive' || p.kind === 'connect' || p.kind === 'disconnect' || p.kind === 'moved') continue;
    perMsg.set(p.ref, [...(perMsg.get(p.ref) ?? []), p]);
  }
  for (const pts of perMsg.values()) {
    if (pts.length < 2) continue;
    plot.appendChild(svg('path', { d: `M${pts.map((p) => `${p.x.toFixed(1)} ${p.y}`).join('L')}`, class: 'sel-path' }));
  }
  plot.appendChild(hlLayer);
  // zoom by dragging
  const brush = svg('rect', { class: 'brush', x: 0, y: TOP, width: 0, height: H - TOP - 10, hidden: 'hidden' });
  root.appendChild(brush);
  let drag: number | null = null;
  const toT = (px: number) => a + ((px - L) / (W - L - R)) * span;
  const localX = (evt: MouseEvent) => Math.min(W - R, Math.max(L, evt.clientX - root.getBoundingClientRect().left));
  root.addEventListener('mousedown', (evt) => {
    if (evt.button !== 0) return;
    drag = localX(evt);
    evt.preventDefault();
  });
  root.addEventListener('mousemove', (evt) => {
    if (drag !== null) {
      const cur = localX(evt);
      brush.removeAttribute('hidden');
      brush.setAttribute('x', String(Math.min(drag, cur)));
      brush.setAttribute('width', String(Math.abs(cur - drag)));
      return;
    }
    const target = evt.target as Element;
    const mi = target.getAttribute?.('data-mark');
    const bi = target.getAttribute?.('data-band');
    const oi = target.getAttribute?.('data-outage');
    const ni = target.getAttribute?.('data-conn');
    const ci = (target.parentNode as Element | null)?.getAttribute?.('data-cmd');
    if (mi !== null && mi !== undefined) showTip(evt, markTip(timeline.marks[Number(mi)]!));
    else if (bi !== null && bi !== undefined) showTip(evt, bandTip(timeline.bands[Number(bi)]!));
    else if (oi !== null && oi !== undefined) showTip(evt, outageTip(Number(oi)));
    else if (ni !== null && ni !== undefined) showTip(evt, connectionTip(Number(ni)));
    else if (ci !== null && ci !== undefined) showTip(evt, commandTip(ci));
    else hideTip();
  });
  root.addEventListener('mouseleave', hideTip);
  const finish = (evt: MouseEvent) => {
    if (drag === null) return;
    const cur = localX(evt);
    const lo = Math.min(drag, cur);
    const hi = Math.max(drag, cur);
    drag = null;
    brush.setAttribute('hidden', 'hidden');
    if (hi - lo < 6) return;
    state.view = [toT(lo), toT(hi)];
    drawTimeline();
  };
  root.addEventListener('mouseup', finish);
  root.addEventListener('dblclick', () => {
    state.view = showAll();
    drawTimeline();
  });
  holder.textContent = '';
  holder.appendChild(root);
}

/** The steps of a numbered group of commands (`from-to`), at most 12. */
function commandTip(range: string): string[] {
  const [from, to] = range.split('-').map(Number) as [number, number];
  const lines: string[] = [];
  for (let k = from; k <= to && lines.length < 12; k++) lines.push(`step ${k + 1} at ${fmtMs(timeline.commands[k]!.t)}: ${timeline.commands[k]!.text}`);
  if (to - from >= 12) lines.push('… zoom in for the rest');
  return lines;
}

/**
 * A multi-node target's layer under the bands: each node's outages on its lane, and under each
 * client's lane a strip per connection in the colour of the node that served it, named when wide enough.
 */
function nodeLayer(x: (t: number) => number, laneY: (i: number) => number, LANE: number, a: number, b: number): SVGGElement {
  const g = svg('g', { class: 'nodes' });
  const nodes = timeline.nodes!;
  nodes.outages.forEach((o, oi) => {
    const end = o.end === undefined ? timeline.end : o.end;
    if (end < a || o.start > b) return;
    const x0 = x(o.start);
    const x1 = Math.max(x(end), x0 + 3);
    g.appendChild(svg('rect', { x: x0, y: laneY(o.lane) + 1, width: x1 - x0, height: LANE - 2, class: `outage outage-${o.state}`, 'data-outage': String(oi) }));
    if (x1 - x0 > 54) g.appendChild(svg('text', { x: x0 + 10, y: laneY(o.lane) + 13, class: 'outage-label' }, o.state));
  });
  nodes.connections.forEach(([lane, start, endOrNull, nodeLane], ni) => {
    const end = endOrNull === null ? timeline.end : endOrNull;
    if (end < a || start > b) return;
    const x0 = x(start);
    const x1 = Math.max(x(end), x0 + 2);
    const y = laneY(lane) + LANE - 11;
    g.appendChild(svg('rect', { x: x0, y, width: x1 - x0, height: 9, rx: 2, fill: nodeColour(nodeLane), class: 'conn', 'data-conn': String(ni) }));
    if (x1 - x0 > 22) g.appendChild(svg('text', { x: x0 + 3, y: y + 7.5, class: 'conn-label' }, timeline.lanes[nodeLane]!.name));
  });
  return g;
}

function outageTip(oi: number): string[] {
  const o = timeline.nodes!.outages[oi]!;
  const why = o.cause === 'exited' ? 'it died on its own' : o.cause;
  return [
    `${timeline.lanes[o.lane]!.name} ${o.state} (${why})`,
    `from ${fmtMs(o.start)} to ${o.end === undefined ? 'the end' : `${fmtMs(o.end)} (${fmtMs(o.end - o.start)})`}`,
  ];
}

function connectionTip(ni: number): string[] {
  const [lane, start, end, nodeLane] = timeline.nodes!.connections[ni]!;
  return [
    `${timeline.lanes[lane]!.name} connected to ${timeline.lanes[nodeLane]!.name}`,
    `from ${fmtMs(start)} to ${end === null ? 'the end' : `${fmtMs(end)} (${fmtMs(end - start)})`}`,
  ];
}

function markTip(m: Mark): string[] {
  const kind = MARK_KINDS[m[2]]!;
  const lane = timeline.lanes[m[1]]!.name;
  const head =
    kind === 'moved'
      ? m[4]
      : kind === 'connect' && m[4]
        ? `${lane} connected to ${m[4]}`
        : `${lane} ${MARK_WORDS[kind]}${m[4] ? ` ${m[4]}` : ''}${m[5] > 1 ? ` (attempt ${m[5]})` : ''}`;
  const lines = [head, `at ${fmtMs(m[0])} · event #${m[3]}`];
  data.anomalies.forEach((a, i) => {
    if (a.events.indexOf(m[3]) >= 0) lines.push(`part of anomaly ${i + 1}: ${a.kind}`);
  });
  return lines;
}

function bandTip(b: FaultBand): string[] {
  return [
    `${b.crash ? 'crash: ' : 'fault: '}${b.label ?? b.fault} (${b.kind})`,
    b.description,
    `from ${fmtMs(b.start)} to ${b.end === undefined ? 'the end (never healed)' : `${fmtMs(b.end)} (${fmtMs(b.end - b.start)})`}`,
  ];
}
