import { z } from 'zod';
import { configSchema } from '../src/model/config.js';
import { historyEventSchema } from '../src/model/history.js';
import { resultsFileSchema } from '../src/model/results.js';

/** Where the generated JSON Schemas live, relative to the package root. */
export const SCHEMA_DIR = 'harness/schema';

const BASE_ID = 'https://siochaos.dev/schema/';

/** A schema to write: the zod definition it comes from, and the title it carries when the definition has none. */
interface SchemaSource {
  schema: z.ZodType;
  title?: string;
}

const SOURCES: Record<string, SchemaSource> = {
  'results.schema.json': { schema: resultsFileSchema },
  'history-event.schema.json': { schema: historyEventSchema, title: 'siochaos history event (one line of history.jsonl)' },
  'config.schema.json': { schema: configSchema, title: 'siochaos.config.json (or the object a siochaos.config.ts exports)' },
};

/**
 * Draft-07 keeps `examples` (a list), not zod's `example` meta; an integer's
 * bounds at the safe-integer limits say nothing a reader needs.
 */
function tidy(json: Record<string, unknown>): void {
  if ('example' in json) {
    json.examples = [json.example];
    delete json.example;
  }
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
}

/** `{ allOf: [{ $ref }] }` with nothing beside it is the `$ref` itself. */
function flattenRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flattenRefs);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, child]) => [key, flattenRefs(child)] as const);
  const object = Object.fromEntries(entries) as Record<string, unknown>;
  const allOf = object.allOf;
  if (entries.length === 1 && Array.isArray(allOf) && allOf.length === 1) return allOf[0];
  return object;
}

/** JSON on one line, with a space after each comma and colon and inside an object's braces. */
function flatJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flatJson).join(', ')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const fields = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${flatJson(item)}`);
  return fields.length ? `{ ${fields.join(', ')} }` : '{}';
}

/** JSON with two-space indents, where an object or array that fits in 100 columns stays on one line. */
function compactJson(value: unknown, indent = ''): string {
  const flat = flatJson(value);
  if (typeof value !== 'object' || value === null || flat.length + indent.length <= 100) return flat;
  const inner = indent + '  ';
  const items = Array.isArray(value)
    ? value.map((item) => inner + compactJson(item, inner))
    : Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

/**
 * The JSON Schema (draft-07) of one zod definition, as the file holds it:
 * what a file may contain (zod's input: a field with a default may be left out).
 */
function jsonSchemaOf(name: string, { schema, title }: SchemaSource): string {
  const json = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => tidy(ctx.jsonSchema as Record<string, unknown>),
  }) as Record<string, unknown>;
  const { $schema, ...rest } = flattenRefs(json) as Record<string, unknown>;
  return compactJson({ $schema, $id: `${BASE_ID}${name}`, title, ...rest }) + '\n';
}

/**
 * Every generated JSON Schema, by file name under {@link SCHEMA_DIR}, as
 * `npm run schemas` writes them.
 *
 * @example
 * const files = generateSchemas();
 * files['results.schema.json']; // '{\n  "$schema": "http://json-schema.org/draft-07/schema#", ...'
 */
export function generateSchemas(): Record<string, string> {
  return Object.fromEntries(Object.entries(SOURCES).map(([name, source]) => [name, jsonSchemaOf(name, source)]));
}
