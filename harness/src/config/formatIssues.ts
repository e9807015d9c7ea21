import { z } from 'zod';

type AnySchema = z.core.$ZodType;

function exampleOf(schema: AnySchema): unknown {
  const meta = z.globalRegistry.get(schema) as { example?: unknown } | undefined;
  return meta?.example;
}

/** Whether `value` fits an object schema's literal fields (a union option's discriminator), as far as it can tell. */
function fitsLiterals(option: AnySchema, value: unknown): boolean {
  const def = option._zod.def as unknown as { type: string; shape?: Record<string, AnySchema> };
  if (def.type !== 'object' || def.shape === undefined || typeof value !== 'object' || value === null) return true;
  for (const [key, field] of Object.entries(def.shape)) {
    const fieldDef = field._zod.def as unknown as { type: string; values?: unknown[] };
    if (fieldDef.type !== 'literal' || !fieldDef.values) continue;
    if (!fieldDef.values.includes((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The schemas a value at `key` of a value of `schema` may have; a union keeps the options the value fits. */
function children(schema: AnySchema, key: string | number, value: unknown): AnySchema[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return children(def.innerType as AnySchema, key, value);
    case 'object': {
      const child = (def.shape as Record<string, AnySchema>)[String(key)];
      return child ? [child] : [];
    }
    case 'union': {
      const options = def.options as AnySchema[];
      const fitting = options.filter((option) => fitsLiterals(option, value));
      return (fitting.length > 0 ? fitting : options).flatMap((option) => children(option, key, value));
    }
    case 'array':
      return [def.element as AnySchema];
    case 'record':
      return [def.valueType as AnySchema];
    default:
      return [];
  }
}

function valueAt(value: unknown, key: PropertyKey): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
}

/**
 * The example attached to the schema at a path (an object field, a union's
 * option, an array's element), or undefined. Given the value the path was
 * read from, a union's example comes from the option that value chose (its
 * `kind`), not from the first option that has one.
 *
 * @example
 * exampleAt(configSchema, ['clients']); // 3
 * exampleAt(configSchema, ['store', 'url'], { store: { kind: 'http' } }); // 'http://127.0.0.1:{port}/messages'
 */
export function exampleAt(schema: AnySchema, path: readonly PropertyKey[], value?: unknown): unknown {
  let candidates: AnySchema[] = [schema];
  let current: unknown = value;
  for (const key of path) {
    const name = typeof key === 'symbol' ? String(key) : key;
    const parent = current;
    candidates = candidates.flatMap((c) => children(c, name, parent));
    current = valueAt(current, key);
  }
  for (const candidate of candidates) {
    let schemaAt: AnySchema | undefined = candidate;
    while (schemaAt) {
      const example = exampleOf(schemaAt);
      if (example !== undefined) return example;
      const def = schemaAt._zod.def as unknown as { type: string; innerType?: AnySchema };
      schemaAt = def.type === 'optional' || def.type === 'nullable' || def.type === 'default' ? def.innerType : undefined;
    }
  }
  return undefined;
}

/**
 * One line per problem: the field, what was wrong, and an example of a right
 * value (from the union option the config's own value chose, when given).
 *
 * @example
 * formatIssues(configSchema, result.error.issues, 'siochaos.config.json', raw);
 * // ['siochaos.config.json: clients: Too small: expected number to be >=1 (for example: 3)']
 */
export function formatIssues(schema: AnySchema, issues: readonly z.core.$ZodIssue[], source: string, value?: unknown): string[] {
  return issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const example = exampleAt(schema, issue.path, value);
    return `${source}: ${field}: ${message}${example !== undefined ? ` (for example: ${JSON.stringify(example)})` : ''}`;
  });
}
