import { el, fmtAxis, fmtMs, niceStep, svg } from './dom.js';
import { data, section, timeline } from './page.js';

function chartFrame(title: string, W: number, H: number): { fig: HTMLElement; root: SVGSVGElement } {
  const fig = el('figure', { class: 'chart' });
  fig.appendChild(el('figcaption', null, title));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': title, preserveAspectRatio: 'xMidYMid meet' });
  fig.appendChild(root);
  return { fig, root };
}

function yAxis(root: SVGSVGElement, max: number, L: number, T: number, B: number, W: number, unit?: string): void {
  const step = niceStep(max, 4);
  for (let v = 0; v <= max + 1e-9; v += step) {
    const y = B - (v / max) * (B - T);
    root.appendChild(svg('line', { x1: L, x2: W - 8, y1: y, y2: y, class: 'grid' }));
    root.appendChild(svg('text', { x: L - 6, y: y + 4, class: 'tick', 'text-anchor': 'end' }, fmtAxis(v, step < 1000 ? 1 : step) + (unit || '')));
  }
}

/** Two charts of the timeline's history: ack latency over time, and recovery after each heal. */
export function charts(): void {
  const s = section(
    'charts',
    'Ack latency and recovery',
    'From the history the timeline shows. Ack latency: from a message\u2019s first attempt to the server\u2019s ack. Recovery: from a fault\u2019s heal to the next acknowledged message.',
  );
  const grid = el('div', { class: 'charts' });
  s.appendChild(grid);
  const c = data.charts;
  // latency over time
  const W = 520;
  const H = 200;
  const L = 62;
  const T = 12;
  const B = H - 28;
  const lat = chartFrame(`Ack latency over time${c.ackLatencyTotal ? ` (p50 ${fmtMs(c.ackQuantiles.p50)}, p95 ${fmtMs(c.ackQuantiles.p95)}, max ${fmtMs(c.ackQuantiles.max)})` : ''}`, W, H);
  lat.root.setAttribute('id', 'chart-latency');
  if (!c.ackLatency.length) {
    lat.root.appendChild(svg('text', { x: W / 2, y: H / 2, class: 'empty', 'text-anchor': 'middle' }, 'No server acks in this history (at-most-once clients get none).'));
  } else {
    const maxY = Math.max(...c.ackLatency.map((p) => p[1])) * 1.1 || 1;
    const x0 = timeline.start;
    const x1 = Math.max(timeline.end, 1);
    const px = (t: number) => L + ((t - x0) / (x1 - x0)) * (W - L - 8);
    const py = (v: number) => B - (v / maxY) * (B - T);
    for (const b of timeline.bands) {
      const e = b.end === undefined ? x1 : b.end;
      lat.root.appendChild(svg('rect', { x: px(b.start), y: T, width: Math.max(1.5, px(e) - px(b.start)), height: B - T, class: `band band-${b.kind} faint` }));
    }
    yAxis(lat.root, maxY, L, T, B, W);
    const xs = niceStep(x1 - x0, 5);
    for (let t = Math.ceil(x0 / xs) * xs; t <= x1; t += xs) {
      const nearEnd = px(t) > W - 34;
      lat.root.appendChild(svg('text', { x: nearEnd ? W - 4 : px(t), y: H - 10, class: 'tick', 'text-anchor': nearEnd ? 'end' : 'middle' }, fmtAxis(t, xs)));
    }
    let qs: [string, number][] = [['p50', c.ackQuantiles.p50], ['p95', c.ackQuantiles.p95]];
    if (Math.abs(py(qs[0]![1]) - py(qs[1]![1])) < 11) qs = [['p50, p95', c.ackQuantiles.p95]];
    for (const [label, value] of qs) {
      lat.root.appendChild(svg('line', { x1: L, x2: W - 8, y1: py(value), y2: py(value), class: 'quantile' }));
      lat.root.appendChild(svg('text', { x: W - 10, y: py(value) - 3, class: 'tick', 'text-anchor': 'end' }, label));
    }
    const dots = svg('g', { class: 'dots' });
    for (const [t, ms] of c.ackLatency) {
      const dot = svg('circle', { cx: px(t), cy: py(ms), r: 2.3 });
      dot.appendChild(svg('title', null, `${fmtMs(ms)} (acked at ${fmtMs(t)})`));
      dots.appendChild(dot);
    }
    lat.root.appendChild(dots);
  }
  grid.appendChild(lat.fig);
  // recovery per fault
  const rec = chartFrame('Recovery after each fault (heal \u2192 next ack)', W, H);
  rec.root.setAttribute('id', 'chart-recovery');
  const rs = c.recoveries;
  const anyRecovery = rs.some((r) => r.ms !== undefined);
  if (!rs.length || !anyRecovery) {
    rec.root.appendChild(
      svg('text', { x: W / 2, y: H / 2, class: 'empty', 'text-anchor': 'middle' },
        !rs.length ? 'No fault was healed in this history.' : `No message was acknowledged by the server after ${rs.length === 1 ? 'the heal' : `any of the ${rs.length} heals`}.`),
    );
  } else {
    const shown = rs.length > 120 ? rs.filter((_, i) => i % Math.ceil(rs.length / 120) === 0) : rs;
    const maxR = Math.max(1, Math.max(...shown.map((r) => r.ms || 0))) * 1.1;
    yAxis(rec.root, maxR, L, T, B, W);
    const slot = (W - L - 8) / shown.length;
    const bw = Math.max(2, Math.min(40, slot * 0.7));
    shown.forEach((r, i) => {
      const cx = L + slot * i + slot / 2;
      const h = r.ms !== undefined ? Math.max(1, (r.ms / maxR) * (B - T)) : 6;
      const bar = svg('rect', { x: cx - bw / 2, y: B - h, width: bw, height: h, class: r.ms !== undefined ? 'bar' : 'bar none' });
      bar.appendChild(svg('title', null, `${r.fault} healed at ${fmtMs(r.healedAt)}: ${r.ms !== undefined ? `next ack ${fmtMs(r.ms)} later` : 'no ack after it'}`));
      rec.root.appendChild(bar);
      if (shown.length <= 12) rec.root.appendChild(svg('text', { x: cx, y: H - 10, class: 'tick', 'text-anchor': 'middle' }, r.fault));
    });
  }
  grid.appendChild(rec.fig);
}
