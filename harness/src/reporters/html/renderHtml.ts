import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportInput } from '../readReportFolder.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { pageScript } from './pageScript.js';
import { buildReportModel, type HtmlReportModel, type ReportModelOptions } from './reportModel.js';

/** The id of the element that holds the page's data. */
export const REPORT_DATA_ID = 'siochaos-data';

let assets: { css: string; js: string; scriptHash: string } | undefined;

function loadAssets(): { css: string; js: string; scriptHash: string } {
  if (assets) return assets;
  const css = readFileSync(fileURLToPath(new URL('./assets/report.css', import.meta.url)), 'utf8');
  const js = pageScript();
  if (/<\/(script|style)/i.test(css + js)) throw new Error('report.css or the page script contains a closing </script> or </style>: split it (for example "<" + "/script")');
  const scriptHash = createHash('sha256').update(js).digest('base64');
  assets = { css, js, scriptHash };
  return assets;
}

/**
 * The page for a report model: one self-contained HTML file (inline CSS, script
 * and SVG; no network). The data goes in as JSON in a
 * `<script type="application/json">` with `<` escaped; the page's script builds
 * the DOM from it with `textContent`, never as markup. A Content Security
 * Policy allows only that script (by hash) and no network at all.
 *
 * @example
 * await writeFile('report.html', renderHtmlPage(buildReportModel(input)));
 */
export function renderHtmlPage(model: HtmlReportModel): string {
  const { css, js, scriptHash } = loadAssets();
  const csp = `default-src 'none'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `siochaos: ${model.campaign}: ${model.title}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
<style>
${css}
</style>
</head>
<body class="verdict-${escapeHtml(model.verdict)}">
<noscript><div class="noscript"><h1>${escapeHtml(model.title)}</h1><p>${escapeHtml(model.sentence)}</p><p>Seed ${model.seed}. Turn on JavaScript to see the anomalies, the timeline and the charts; the data is also in ${escapeHtml(model.files.results)}.</p></div></noscript>
<div id="app"></div>
<script type="application/json" id="${REPORT_DATA_ID}">${jsonForScript(model)}</script>
<script>${js}</script>
</body>
</html>
`;
}

/**
 * report.html for results.json and its history (see {@link buildReportModel}
 * and {@link renderHtmlPage}).
 *
 * @example
 * await writeFile(path.join(dir, 'report.html'), renderHtmlReport(await readReportFolder(dir)));
 */
export function renderHtmlReport(input: ReportInput, options: ReportModelOptions = {}): string {
  return renderHtmlPage(buildReportModel(input, options));
}
