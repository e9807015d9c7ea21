import { el, fmtMs, plural, svg } from './dom.js';
import { data, section } from './page.js';

const VERDICT_WORDS = { v: 'valid', i: 'invalid', u: 'unknown' } as const;

function card(label: string, value: string | number, rows?: [string, string | number][]): HTMLElement {
  const d = el('div', { class: 'figure' }, [el('div', { class: 'figure-value' }, String(value)), el('div', { class: 'figure-label' }, label)]);
  if (rows) {
    const dl = el('dl', { class: 'mini' });
    for (const [k, v] of rows) {
      dl.appendChild(el('dt', null, k));
      dl.appendChild(el('dd', null, String(v)));
    }
    d.appendChild(dl);
  }
  return d;
}

/** The whole campaign: its figures, a cell per scenario, the fault families, the undecided scenarios. */
export function figures(): void {
  const f = data.figures;
  const s = section('figures', 'The whole campaign');
  const injected = f.faultsInjected as Record<string, number>;
  const totalFaults = Object.keys(injected).reduce((n, k) => n + injected[k]!, 0);
  const grid = el('div', { class: 'figures' }, [
    card('scenarios run', f.scenarios, [['valid', f.valid], ['invalid', f.invalid], ['unknown', f.unknown], ['while shrinking', f.shrinkRuns]]),
    card('messages checked', f.messagesSent, [['acknowledged', f.messagesAcked], ['stored rows', f.messagesStored], ['retries', f.retries]]),
    card('faults injected', totalFaults, Object.keys(injected).sort((x, y) => injected[y]! - injected[x]!).map((k) => [k, injected[k]!])),
    card('campaign time', fmtMs(data.durationMs), [['seed', data.seed], ['started', data.startedAt.slice(0, 19).replace('T', ' ')]]),
  ]);
  s.appendChild(grid);
  if (data.campaignNodes && data.campaignNodes.length) {
    s.appendChild(el('h3', null, 'Per node, over the scenarios the search ran'));
    const table = el('table', { class: 'nodes', id: 'campaign-node-figures' });
    table.appendChild(el('thead', null, el('tr', null, ['Node', 'Scenarios', 'Connections', 'Recovered', 'Handled'].map((t) => el('th', null, t)))));
    const body = el('tbody');
    for (const n of data.campaignNodes) {
      body.appendChild(el('tr', null, [el('td', null, n.node), ...[n.scenarios, n.connections, n.recoveries, n.handled].map((v) => el('td', { class: 'num' }, String(v)))]));
    }
    table.appendChild(body);
    s.appendChild(el('div', { class: 'table-wrap' }, table));
  }
  if (data.scenarios.length) {
    s.appendChild(el('h3', null, 'Every scenario'));
    const cells = data.scenarios.slice(0, 4000);
    const per = 50;
    const size = 12;
    const gap = 2;
    const rows = Math.ceil(cells.length / per);
    const strip = svg('svg', {
      class: 'strip', width: per * (size + gap), height: rows * (size + gap), viewBox: `0 0 ${per * (size + gap)} ${rows * (size + gap)}`,
      role: 'img', 'aria-label': 'verdict of every scenario',
    });
    cells.forEach(([index, phase, verdict, anomalies, durationMs, commands], i) => {
      const r = svg('rect', { x: (i % per) * (size + gap), y: Math.floor(i / per) * (size + gap), width: size, height: size, rx: 2, class: `cell cell-${verdict}${phase === 'h' ? ' shrink' : ''}` });
      r.appendChild(
        svg('title', null, `scenario ${index}${phase === 'h' ? ' (shrinking)' : ''}: ${VERDICT_WORDS[verdict]}, ${plural(commands, 'step')}, ${fmtMs(durationMs)}${anomalies ? `, ${plural(anomalies, 'anomaly', 'anomalies')}` : ''}`),
      );
      strip.appendChild(r);
    });
    s.appendChild(strip);
    s.appendChild(
      el('p', { class: 'muted' }, `Green valid, red invalid, amber unknown; lighter cells ran while shrinking.${data.scenarios.length > cells.length ? ` The first ${cells.length} of ${data.scenarios.length} are shown.` : ''}`),
    );
  }
  if (data.faultFamilies && data.faultFamilies.length) {
    s.appendChild(el('h3', null, 'Fault families'));
    const families = el('ul', { class: 'families' });
    for (const fam of data.faultFamilies) {
      const li = el('li', null, [el('strong', null, fam.family), fam.drawn.length ? `: ran ${fam.drawn.join(', ')}` : ': skipped (the target can take none of them)']);
      if (fam.skipped.length) {
        const skipped = el('ul', null);
        for (const x of fam.skipped) skipped.appendChild(el('li', null, [`skipped ${x.fault}: `, x.reason]));
        li.appendChild(skipped);
      }
      families.appendChild(li);
    }
    s.appendChild(families);
  }
  if (data.unknowns.length) {
    s.appendChild(el('h3', null, 'Undecided scenarios'));
    const ul = el('ul', { class: 'unknowns' });
    for (const u of data.unknowns.slice(0, 50)) ul.appendChild(el('li', null, [`scenario ${u.index}: `, u.reason]));
    s.appendChild(ul);
  }
}
