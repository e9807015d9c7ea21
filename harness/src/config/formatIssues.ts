import { z } from 'zod';

type AnySchema = z.core.$ZodType;

function exampleOf(schema: AnySchema): unknown {
  const meta = z.globalRegistry.get(schema) as { example?: unknown } | undefined;
  return meta?.example;
}

function children(schema: AnySchema, key: string | number): AnySchema[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return children(def.innerType as AnySchema, key);
    case 'object': {
      const child = (def.shape as Record<string, AnySchema>)[String(key)];
      return child ? [child] : [];
    }
    case 'union':
      return (def.options as AnySchema[]).flatMap((option) => children(option, key));
    case 'array':
      return [def.element as AnySchema];
    case 'record':
      return [def.valueType as AnySchema];
    default:
      return [];
  }
}

/**
 * The example attached to the schema at a path (an object field, a union's
 * option, an array's element), or undefined.
 *
 * @example
 * exampleAt(configSchema, ['clients']); // 3
 */
export function exampleAt(schema: AnySchema, path: readonly PropertyKey[]): unknown {
  let candidates: AnySchema[] = [schema];
  for (const key of path) {
    candidates = candidates.flatMap((c) => children(c, typeof key === 'symbol' ? String(key) : key));
  }
  for (const candidate of candidates) {
    let current: AnySchema | undefined = candidate;
    while (current) {
      const example = exampleOf(current);
      if (example !== undefined) return example;
      const def = current._zod.def as unknown as { type: string; innerType?: AnySchema };
      current = def.type === 'optional' || def.type === 'nullable' || def.type === 'default' ? def.innerType : undefined;
    }
  }
  return undefined;
}

/**
 * One line per problem: the field, what was wrong, and an example of a right value.
 *
 * @example
 * formatIssues(configSchema, result.error.issues, 'siochaos.config.json');
 * // ['siochaos.config.json: clients: Too small: expected number to be >=1 (for example: 3)']
 */
export function formatIssues(schema: AnySchema, issues: readonly z.core.$ZodIssue[], source: string): string[] {
  return issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const example = exampleAt(schema, issue.path);
    return `${source}: ${field}: ${message}${example !== undefined ? ` (for example: ${JSON.stringify(example)})` : ''}`;
  });
}
