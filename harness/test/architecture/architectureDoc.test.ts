/**
 * docs/architecture.md stays true: every path it names exists, its history
 * event list is the schema's event types, and its contract table is
 * model/anomalies.ts. A failure prints what to paste.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANOMALIES, ANOMALY_KINDS } from '../../src/model/anomalies.js';
import { historyEventSchema } from '../../src/model/history.js';

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'harness/src');
const DOC = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');

/** The text of the section whose heading is `title`, up to the next `## ` heading. */
function section(title: string): string {
  const start = DOC.indexOf(`## ${title}\n`);
  if (start < 0) return '';
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** Every `code` span of a text. */
function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

describe('docs/architecture.md', () => {
  it('names only paths that exist (from the repository root, else from harness/src)', () => {
    const paths = codeSpans(DOC).filter((span) => /^[\w.-]+(\/[\w.-]*)+$|^[\w-]+\.(ts|md|json)$/.test(span));
    expect(paths.length).toBeGreaterThan(30);
    const missing = paths.filter((p) => !existsSync(path.join(ROOT, p)) && !existsSync(path.join(SRC, p)));
    expect(missing).toEqual([]);
  });

  it('lists every history event type once, and nothing else, under History events', () => {
    const types = historyEventSchema.options.map((option) => option.shape.type.value as string).sort();
    const listed = codeSpans(section('History events')).filter((span) => /^[a-z-]+$/.test(span));
    expect(listed.sort()).toEqual(types);
  });

  it('gives the contract table of model/anomalies.ts', () => {
    const rows = ANOMALY_KINDS.map((kind) => {
      const a = ANOMALIES[kind];
      return `| \`${kind}\` | \`${a.guarantee}\` | ${a.side} | ${a.blames} | ${a.needs.length ? a.needs.join(', ') : 'none'} |`;
    });
    const expected = ['| kind | guarantee | side | blames | needs |', '|---|---|---|---|---|', ...rows].join('\n');
    const lines = section('The anomaly contract').split('\n').filter((line) => line.startsWith('|'));
    expect(lines.join('\n'), `paste into docs/architecture.md:\n${expected}`).toBe(expected);
  });
});
