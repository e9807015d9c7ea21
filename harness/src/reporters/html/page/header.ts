import { el, fmtMs, plural } from './dom.js';
import { app, data } from './page.js';

/** The verdict, the campaign in a sentence, the seed, the config as chips; a callout when it could not decide or was interrupted. */
export function header(): void {
  const verdictWord = ({ valid: 'valid', invalid: 'invalid', unknown: 'unknown' } as Record<string, string>)[data.verdict] || data.verdict;
  const h = el('header', { class: 'top' }, [
    el('div', { class: 'brand' }, ['siochaos report · campaign ', el('strong', null, data.campaign)]),
    el('div', { class: 'verdict' }, [
      el('span', { class: `badge badge-${data.verdict}`, title: 'verdict' }, verdictWord),
      el('h1', { id: 'verdict' }, data.sentence),
    ]),
    el('p', { class: 'sub' }, [
      `${data.campaignSentence} `,
      el('span', { class: 'seed' }, ['Seed ', el('code', { id: 'seed' }, String(data.seed))]),
      ` · started ${data.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} · took ${fmtMs(data.durationMs)}`,
    ]),
  ]);
  const chips = el('ul', { class: 'chips' });
  for (const c of data.config) chips.appendChild(el('li', null, [el('span', null, c.label), ` ${c.value}`]));
  h.appendChild(chips);
  app.appendChild(h);
  if (data.error) app.appendChild(el('div', { class: 'callout callout-unknown' }, [el('strong', null, 'The campaign could not decide. '), data.error]));
  if (data.interrupted) {
    app.appendChild(
      el('div', { class: 'callout callout-unknown' }, [
        el('strong', null, 'Interrupted. '),
        `The campaign was stopped before it finished; this report shows what it found in ${plural(data.figures.scenarios, 'scenario')}.`,
      ]),
    );
  }
}

/** When and from which files the page was made. */
export function footer(): void {
  app.appendChild(el('footer', null, `Made by siochaos on ${data.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} from ${data.files.results} and ${data.files.history} in this folder.`));
}
