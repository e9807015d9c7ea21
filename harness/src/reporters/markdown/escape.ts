/**
 * Text for Markdown (GitHub flavoured), shown as typed: HTML is escaped as
 * entities (GitHub would render tags), the Markdown punctuation that could
 * start emphasis, code, links or strike-through, and table pipes, are
 * backslash escaped; line breaks become spaces. Safe in table cells and
 * running text (not at the start of a line).
 *
 * @example
 * mdText('<img src=x> *bold* | pipe'); // '&lt;img src=x&gt; \\*bold\\* \\| pipe'
 */
export function mdText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/**
 * A Markdown code span that holds any text: a fence longer than any run of
 * backticks inside, line breaks as spaces; in a table cell (`inTable`), pipes
 * escaped too.
 *
 * @example
 * mdCode('a `b` c'); // '`` a `b` c ``'
 */
export function mdCode(text: string, inTable = false): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const flat = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine;
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || flat.startsWith(' ') || flat.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A fenced code block that holds any text.
 *
 * @example
 * mdBlock('npx siochaos replay reports/latest', 'sh'); // '```sh\nnpx siochaos replay reports/latest\n```'
 */
export function mdBlock(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}
