// Small DOM helpers of the report page: elements built with createElement and textContent only,
// so that message text is data, never markup.

/** Attribute values; undefined, null and false leave the attribute out. */
export type Attrs = Record<string, string | number | boolean | null | undefined> | null | undefined;
/** A child: a node, or text; undefined, null and false are skipped. */
export type Child = Node | string | number | null | undefined | false;

const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttrs(node: Element, attrs: Attrs): void {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key, String(value));
  }
}

function append(node: Node, children: Child | readonly Child[]): void {
  if (children === undefined || children === null) return;
  for (const child of Array.isArray(children) ? (children as readonly Child[]) : [children as Child]) {
    if (child === undefined || child === null || child === false) continue;
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, children?: Child | readonly Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** An SVG element. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, children?: Child | readonly Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function plural(n: number, noun: string, many?: string): string {
  return `${n} ${n === 1 ? noun : many || `${noun}s`}`;
}

/** A duration or a time since the scenario started, in ms, s or min. */
export function fmtMs(t: number | undefined | null): string {
  if (t === undefined || t === null) return '–';
  if (Math.abs(t) < 1000) return `${Math.round(t * 10) / 10} ms`;
  if (Math.abs(t) < 120000) return `${(t / 1000).toFixed(2)} s`;
  return `${Math.floor(t / 60000)} min ${Math.round((t % 60000) / 1000)} s`;
}

/** An axis tick at `t` ms, with as many decimals as the tick `step` needs. */
export function fmtAxis(t: number, step: number): string {
  if (step >= 1000 || Math.abs(t) >= 10000) {
    const decimals = Math.max(0, Math.min(3, Math.ceil(-Math.log10(step / 1000) - 1e-9)));
    return `${(t / 1000).toFixed(decimals)} s`;
  }
  if (step < 1) return `${t.toFixed(step < 0.1 ? 2 : 1)} ms`;
  return `${Math.round(t)} ms`;
}

/** A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over `range`. */
export function niceStep(range: number, ticks: number): number {
  const raw = range / Math.max(1, ticks);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

// ---- tooltip -----------------------------------------------------------
const tip = el('div', { class: 'tip', role: 'tooltip', hidden: 'hidden' });
document.body.appendChild(tip);

/** Shows `lines` (the first as a heading) beside the pointer. */
export function showTip(evt: MouseEvent, lines: readonly string[]): void {
  tip.textContent = '';
  lines.forEach((line, i) => tip.appendChild(el('div', { class: i === 0 ? 'tip-head' : null }, line)));
  tip.hidden = false;
  let x = evt.clientX + 14;
  let y = evt.clientY + 14;
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  if (x + w > window.innerWidth - 8) x = evt.clientX - w - 10;
  if (y + h > window.innerHeight - 8) y = evt.clientY - h - 10;
  tip.style.left = `${x}px`;
  tip.style.top = `${y}px`;
}

export function hideTip(): void {
  tip.hidden = true;
}
