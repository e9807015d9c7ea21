const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text for an XML element: `&`, `<` and `>` escaped, characters XML 1.0 cannot
 * hold (control characters, lone surrogates) replaced by U+FFFD.
 *
 * @example
 * xmlText('a < b & c\u0000'); // 'a &lt; b &amp; c\uFFFD'
 */
export function xmlText(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A value for a double-quoted XML attribute: like {@link xmlText}, with quotes
 * escaped and tabs and line breaks kept as character references.
 *
 * @example
 * xmlAttr('say "hi"\nnow'); // 'say &quot;hi&quot;&#10;now'
 */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/**
 * An element with attributes and already-escaped children; empty elements close themselves.
 *
 * @example
 * xmlElement('property', { name: 'seed', value: 1 }); // '<property name="seed" value="1"/>'
 */
export function xmlElement(name: string, attrs: Record<string, string | number | undefined>, children = ''): string {
  const attrText = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
  return children ? `<${name}${attrText}>${children}</${name}>` : `<${name}${attrText}/>`;
}
