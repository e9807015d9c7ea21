import type { MessageFacts } from '../../messageStory.js';
import type { AnomalyView } from '../reportModel.js';
import { el, fmtMs, plural, type Child } from './dom.js';
import { data, section, state } from './page.js';
import { drawTimeline, zoomTo } from './timeline.js';

const anomalyRows: { row: HTMLTableRowElement; storyRow: HTMLTableRowElement }[] = [];

/** The table of anomalies; a click (or Enter) on a row opens its story and highlights its events on the timeline. */
export function anomalies(): void {
  if (!data.anomalies.length) return;
  const s = section(
    'anomalies',
    plural(data.anomalies.length, 'anomaly', 'anomalies'),
    'Click an anomaly to read the story of its messages: every attempt, retry and ack, what was stored, and who received it. Its events are highlighted on the timeline.',
  );
  const table = el('table', { class: 'anomalies' });
  table.appendChild(el('thead', null, el('tr', null, ['#', 'Kind', 'Guarantee broken', 'Client', 'Messages', 'Offsets', 'What happened'].map((t) => el('th', null, t)))));
  const body = el('tbody');
  data.anomalies.forEach((a, i) => {
    const row = el('tr', { class: 'anomaly-row', tabindex: '0', 'aria-expanded': 'false', 'data-anomaly': String(i) }, [
      el('td', { class: 'num' }, String(i + 1)),
      el('td', null, el('span', { class: `kind kind-${a.kind}` }, a.kind)),
      el('td', null, [el('div', null, a.guarantee), el('div', { class: 'muted' }, a.meaning)]),
      el('td', null, a.client || '–'),
      el('td', { class: 'mono' }, a.msgs.length ? a.msgs.slice(0, 6).join(', ') + (a.msgs.length > 6 ? ` +${a.msgs.length - 6}` : '') : '–'),
      el('td', { class: 'mono' }, a.offsets.length ? a.offsets.slice(0, 8).join(', ') + (a.offsets.length > 8 ? ` +${a.offsets.length - 8}` : '') : '–'),
      el('td', { class: 'desc' }, a.description),
    ]);
    const storyRow = el('tr', { class: 'story-row', hidden: 'hidden' }, el('td', { colspan: '7' }));
    row.addEventListener('click', () => select(state.selected === i ? -1 : i, true));
    row.addEventListener('keydown', (evt) => {
      if (evt.key === 'Enter' || evt.key === ' ') {
        evt.preventDefault();
        select(state.selected === i ? -1 : i, true);
      }
    });
    anomalyRows.push({ row, storyRow });
    body.appendChild(row);
    body.appendChild(storyRow);
  });
  table.appendChild(body);
  s.appendChild(el('div', { class: 'table-wrap' }, table));
}

function select(i: number, fromTable: boolean): void {
  state.selected = i;
  anomalyRows.forEach((r, k) => {
    const open = k === i;
    r.row.classList.toggle('selected', open);
    r.row.setAttribute('aria-expanded', open ? 'true' : 'false');
    r.storyRow.hidden = !open;
    const cell = r.storyRow.firstChild!;
    if (open && !cell.firstChild) cell.appendChild(story(data.anomalies[k]!, k));
  });
  drawTimeline();
  if (fromTable && i >= 0) anomalyRows[i]!.storyRow.scrollIntoView({ block: 'nearest' });
}

function factsBlock(f: MessageFacts): HTMLElement {
  const received = Object.keys(f.receivedBy).map((c) => c + (f.receivedBy[c]! > 1 ? ` ×${f.receivedBy[c]}` : ''));
  const stored = f.offsets.length === 0 ? 'never' : f.offsets.length === 1 ? `once, at offset ${f.offsets[0]}` : `${f.offsets.length} times, at offsets ${f.offsets.join(', ')}`;
  const acked = f.acked === 'server' ? `by the server (attempt ${f.ackedAttempt})` : f.acked === 'local' ? 'locally only: the emit returned, no server ack' : 'never';
  const rows: [string, Child | Child[]][] = [
    ['Message', [el('code', null, f.msg), f.client ? ` from ${f.client}` : '']],
    ['Text', f.content === undefined ? '–' : el('code', { class: 'content', title: 'the message text, quoted' }, JSON.stringify(f.content))],
    ['Sent', f.attempts ? plural(f.attempts, 'attempt') + (f.attempts > 1 ? ` (${plural(f.attempts - 1, 'retry', 'retries')})` : '') : 'never (no client sent it)'],
    ['Acknowledged', acked],
    ['Stored', stored],
    ['Received by', received.length ? received.join(', ') : 'nobody'],
  ];
  if (f.unknownOutcomes) rows.splice(3, 0, ['Unknown outcomes', plural(f.unknownOutcomes, 'attempt')]);
  if (f.gaveUp) rows.splice(4, 0, ['Gave up', f.gaveUp]);
  if (f.refused) rows.splice(4, 0, ['Refused by the server', f.refused]);
  if (f.sentThrough) {
    const through = f.sentThrough.map((node, k) => `${node ?? 'not connected'} (attempt ${k + 1})`);
    rows.splice(3, 0, ['Sent through', through.join(', ')]);
  }
  if (f.notReceivedBy.length) rows.push(['Not received by', f.notReceivedBy.join(', ')]);
  const dl = el('dl', { class: 'facts' });
  for (const [label, value] of rows) {
    dl.appendChild(el('dt', null, label));
    dl.appendChild(el('dd', { class: label === 'Stored' && f.offsets.length !== 1 ? 'warn' : null }, value));
  }
  return dl;
}

function story(a: AnomalyView, index: number): HTMLElement {
  const box = el('div', { class: 'story', id: `story-${index}` }, [
    el('h3', null, ['The story of ', a.msgs.length ? a.msgs.slice(0, 4).join(', ') + (a.msgs.length > 4 ? ` and ${a.msgs.length - 4} more` : '') : `offsets ${a.offsets.join(', ')}`]),
  ]);
  if (a.story.missing) {
    box.appendChild(el('p', { class: 'muted' }, `No story: ${a.story.missing}.`));
    return box;
  }
  const facts = el('div', { class: 'facts-grid' });
  for (const f of a.story.facts.slice(0, 6)) facts.appendChild(factsBlock(f));
  box.appendChild(facts);
  const list = el('ol', { class: 'steps-story' });
  for (const s of a.story.steps) {
    list.appendChild(
      el('li', { class: `step step-${s.kind}${s.evidence ? ' evidence' : ''}` }, [
        el('span', { class: 'at' }, fmtMs(s.t)),
        el('span', { class: 'lane' }, s.lane),
        el('span', { class: 'what' }, s.text),
        s.evidence ? el('span', { class: 'ev', title: 'the checker named this event as evidence' }, 'evidence') : null,
      ]),
    );
  }
  box.appendChild(list);
  if (a.story.omitted) box.appendChild(el('p', { class: 'muted' }, `… and ${plural(a.story.omitted, 'more step')} not shown.`));
  const zoom = el('button', { type: 'button', class: 'btn' }, 'Show it on the timeline');
  zoom.addEventListener('click', () => {
    zoomTo(a);
    document.getElementById('timeline')!.scrollIntoView({ block: 'start' });
  });
  box.appendChild(zoom);
  return box;
}
