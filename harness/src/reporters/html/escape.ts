/**
 * JSON to embed in a `<script type="application/json">`: `<`, `>` and `&`
 * become `\u003c`, `\u003e` and `\u0026`, so no data can close the script
 * element or open a comment; U+2028 and U+2029 are escaped too. `JSON.parse`
 * of the element's text gives the value back.
 *
 * @example
 * jsonForScript({ text: '</script><script>alert(2)</script>' });
 * // '{"text":"\\u003c/script\\u003e\\u003cscript\\u003ealert(2)\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<img src=x onerror="alert(1)">'); // '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}
