import { el, fmtMs, plural } from './dom.js';
import { app, data, section } from './page.js';

/** A merged report's shards: a loud callout for missing ones, and a table linking to each shard's own report with its replay command. */
export function shards(): void {
  const merge = data.merge;
  if (!merge) return;
  if (merge.missing) app.appendChild(el('div', { class: 'callout callout-unknown', id: 'missing-shards' }, [el('strong', null, 'Not the whole campaign. '), merge.missing]));
  const s = section(
    'shards',
    `Shards: ${plural(merge.shards.filter((x) => x.verdict !== 'missing').length, 'report')} of ${merge.count}`,
    `${merge.sentence} Each shard's own report (its timeline, its anomalies) is in this folder; a replay needs only that shard's folder.`,
  );
  const head = el('tr', null, ['Shard', 'Verdict', 'Scenarios', 'Invalid', 'Unknown', 'Messages sent', 'Took', 'Report', 'Replay'].map((h) => el('th', null, h)));
  const body = el('tbody');
  for (const shard of merge.shards) {
    const shown = merge.shown === shard.index ? ' (shown above)' : '';
    const missing = shard.verdict === 'missing';
    body.appendChild(
      el('tr', { class: `shard-${shard.verdict}` }, [
        el('td', null, `${shard.index}/${merge.count}`),
        el('td', null, el('span', { class: `badge badge-${missing ? 'unknown' : shard.verdict}` }, `${shard.verdict}${shard.interrupted ? ', interrupted' : ''}`)),
        el('td', null, missing ? '–' : String(shard.scenarios)),
        el('td', null, missing ? '–' : String(shard.invalid)),
        el('td', null, missing ? '–' : String(shard.unknown)),
        el('td', null, missing ? '–' : String(shard.messagesSent)),
        el('td', null, missing ? '–' : fmtMs(shard.durationMs)),
        el('td', null, shard.report ? el('a', { href: shard.report }, 'report') : '–'),
        el('td', null, shard.replayCommand ? [el('code', null, shard.replayCommand), ` (${plural(shard.steps ?? 0, 'step')})${shown}`] : '–'),
      ]),
    );
  }
  s.appendChild(el('div', { class: 'table-wrap' }, el('table', { class: 'anomalies shards' }, [el('thead', null, head), body])));
}
