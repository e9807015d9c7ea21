// The script of report.html, bundled by esbuild (npm run build; pageScript.ts from the sources)
// into the asset the HTML reporter inlines. It reads the report model the reporter embedded and
// builds the page with createElement and textContent only: message text is data, never markup.
// No network, no libraries.
import { anomalies } from './anomalies.js';
import { charts } from './charts.js';
import { counterexample } from './counterexample.js';
import { figures } from './figures.js';
import { footer, header } from './header.js';
import { nodes } from './nodes.js';
import { shards } from './shards.js';
import { timelineSection } from './timeline.js';

header();
shards();
anomalies();
counterexample();
timelineSection();
nodes();
charts();
figures();
footer();
requestAnimationFrame(() => {
  requestAnimationFrame(() => {
    if (window.performance && performance.mark) performance.mark('siochaos:timeline-painted');
    document.body.setAttribute('data-rendered', 'true');
  });
});
