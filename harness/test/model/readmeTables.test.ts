/**
 * The README's anomaly table and bug-zoo table say what the contract
 * (harness/src/model/anomalies.ts, model/promises.ts) and the zoo
 * (reference-server/src/bugs.ts) say: a test fails when they disagree, and
 * prints the table to paste.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUG_NAMES, BUGS } from '../../../reference-server/src/bugs.js';
import { ANOMALIES, ANOMALY_KINDS, type AnomalyKind } from '../../src/model/anomalies.js';
import { NEEDS } from '../../src/model/promises.js';
import { packageRoot } from '../../src/paths.js';

const README = readFileSync(`${packageRoot}/README.md`, 'utf8');

const code = (text: string) => `\`${text}\``;

/** When a kind is judged, from its needs. */
function judgedWhen(kind: AnomalyKind): string {
  const needs = ANOMALIES[kind].needs;
  return needs.length ? needs.map((n) => NEEDS[n].when).join('; ') : 'always';
}

/** The anomaly table as the contract gives it. */
function anomalyTable(): string {
  const rows = ANOMALY_KINDS.map((kind) => {
    const a = ANOMALIES[kind];
    return `| ${code(kind)} | ${a.words.meaning} | ${code(a.guarantee)} | ${a.side} | ${a.blames} | ${judgedWhen(kind)} |`;
  });
  return ['| anomaly | what it means | guarantee it breaks | side | blames | judged when |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The bug-zoo table as reference-server/src/bugs.ts gives it. */
function zooTable(): string {
  const rows = BUG_NAMES.map((name) => {
    const bug = BUGS[name];
    return `| ${code(name)} | ${bug.description} | ${code(bug.breaks)} | ${bug.anomalies.map(code).join(', ')} |`;
  });
  return ['| bug | what the server does wrong | guarantee it breaks | what siochaos reports |', '|---|---|---|---|', ...rows].join('\n');
}

/** The table in the README that starts with `header`'s first line, up to the first line that is not a table row. */
function readmeTable(header: string): string {
  const lines = README.split('\n');
  const start = lines.indexOf(header.split('\n')[0]!);
  if (start < 0) return '';
  let end = start;
  while (end < lines.length && lines[end]!.startsWith('|')) end++;
  return lines.slice(start, end).join('\n');
}

describe("the README's tables", () => {
  it('the anomaly table is the contract table', () => {
    const expected = anomalyTable();
    expect(readmeTable(expected), `paste into README.md:\n${expected}`).toBe(expected);
  });

  it('the bug-zoo table is the zoo', () => {
    const expected = zooTable();
    expect(readmeTable(expected), `paste into README.md:\n${expected}`).toBe(expected);
  });

  it('says how many bugs the zoo has', () => {
    expect(README).toContain(`carries ${BUG_NAMES.length} delivery bugs`);
  });
});
