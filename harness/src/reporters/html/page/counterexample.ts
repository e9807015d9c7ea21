import { el, plural } from './dom.js';
import { data, section } from './page.js';

const FIRST = 12;

function stepList(steps: readonly string[], start: number): HTMLOListElement {
  const ol = el('ol', { class: 'cx-steps', start: String(start) });
  for (const step of steps) ol.appendChild(el('li', null, el('code', null, step)));
  return ol;
}

function selectText(node: Node): void {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
}

/** The shrunk counterexample's steps and the command that replays it (with a Copy button). */
export function counterexample(): void {
  const cx = data.counterexample;
  if (!cx) {
    if (data.verdict === 'invalid') {
      section('counterexample', 'Counterexample', `Shrinking did not finish: the anomalies above are from the last failing scenario. Run the campaign again with seed ${data.seed} to shrink it.`);
    }
    return;
  }
  const s = section(
    'counterexample',
    `Shrunk counterexample: ${plural(cx.steps.length, 'step')}`,
    'The smallest scenario found that still breaks the guarantee. Each step is a command the harness ran, in order (they are numbered on the timeline too).',
  );
  if (cx.reproduction) s.appendChild(el('p', { class: 'muted' }, cx.reproduction));
  if (!cx.steps.length) s.appendChild(el('p', null, 'No commands: the failure happens with no faults at all.'));
  else if (cx.steps.length <= FIRST + 3) s.appendChild(stepList(cx.steps, 1));
  else {
    s.appendChild(stepList(cx.steps.slice(0, FIRST), 1));
    s.appendChild(el('details', { class: 'more-steps' }, [el('summary', null, `Show the other ${cx.steps.length - FIRST} steps`), stepList(cx.steps.slice(FIRST), FIRST + 1)]));
  }
  const code = el('code', { id: 'replay-command' }, cx.replayCommand);
  const copy = el('button', { type: 'button', class: 'btn' }, 'Copy');
  copy.addEventListener('click', () => {
    const done = () => {
      copy.textContent = 'Copied';
      setTimeout(() => {
        copy.textContent = 'Copy';
      }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(cx.replayCommand).then(done, () => selectText(code));
    else selectText(code);
  });
  s.appendChild(el('div', { class: 'replay' }, [el('span', { class: 'label' }, 'Replay it'), el('pre', null, code), copy]));
  s.appendChild(el('p', { class: 'muted' }, `Seed ${cx.seed}, fast-check path ${cx.path}.`));
}
