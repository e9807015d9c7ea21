import { el, fmtMs } from './dom.js';
import { data, nodeColour, section, timeline } from './page.js';

/** A multi-node target's figures per node, for the scenario the timeline shows (nothing for a single node). */
export function nodes(): void {
  if (!data.nodes || !data.nodes.length) return;
  const s = section(
    'nodes',
    'Nodes',
    'What each node did in the scenario the timeline shows: the connections it served (sessions restored by connection state recovery among them), the messages acknowledged and the broadcasts received while their client was connected to it, the clients the balancer moved away from it and to it, and how long it was down or paused.',
  );
  const table = el('table', { class: 'nodes', id: 'node-figures' });
  const head = ['Node', 'Connections', 'Recovered', 'Handled', 'Received', 'Moved away', 'Moved in', 'Down or paused', 'Connected at end'];
  table.appendChild(el('thead', null, el('tr', null, head.map((t) => el('th', null, t)))));
  const body = el('tbody');
  for (const f of data.nodes) {
    const lane = timeline.lanes.findIndex((l) => l.kind === 'node' && l.name === f.node);
    body.appendChild(
      el('tr', { 'data-node': f.node }, [
        el('td', null, [el('span', { class: 'swatch node-swatch', style: `background:${nodeColour(lane)}` }), ` ${f.node}`]),
        ...[f.connections, f.recoveries, f.handled, f.received, f.movedAway, f.movedIn].map((n) => el('td', { class: 'num' }, String(n))),
        el('td', { class: 'num' }, f.outages ? `${f.outages}× for ${fmtMs(f.outageMs)}` : '–'),
        el('td', { class: 'num' }, String(f.connectedAtEnd)),
      ]),
    );
  }
  table.appendChild(body);
  s.appendChild(el('div', { class: 'table-wrap' }, table));
}
