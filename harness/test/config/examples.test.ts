import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exampleAt, formatIssues } from '../../src/config/formatIssues.js';
import { readConfigFile } from '../../src/config/loadConfigFile.js';
import { configSchema } from '../../src/model/config.js';
import { packageRoot } from '../../src/paths.js';
import { exampleConfigFiles } from './exampleConfigFiles.js';

type AnySchema = z.core.$ZodType;

/** Every schema node under `schema` that carries an example, with its path (union options as `kind=...`). */
function examples(schema: AnySchema, at = 'config'): { at: string; schema: AnySchema; example: unknown }[] {
  const found: { at: string; schema: AnySchema; example: unknown }[] = [];
  const meta = z.globalRegistry.get(schema) as { example?: unknown } | undefined;
  if (meta?.example !== undefined) found.push({ at, schema, example: meta.example });
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      found.push(...examples(def.innerType as AnySchema, at));
      break;
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, AnySchema>)) found.push(...examples(child, `${at}.${key}`));
      break;
    case 'union':
      for (const option of def.options as AnySchema[]) {
        const kind = ((option._zod.def as unknown as { shape?: Record<string, AnySchema> }).shape?.kind?._zod.def as { values?: unknown[] } | undefined)?.values?.[0];
        found.push(...examples(option, kind === undefined ? at : `${at}[kind=${String(kind)}]`));
      }
      break;
    case 'array':
      found.push(...examples(def.element as AnySchema, `${at}[]`));
      break;
    case 'record':
      found.push(...examples(def.valueType as AnySchema, `${at}{}`));
      break;
    default:
      break;
  }
  return found;
}

/** The object literals passed to `defineConfig(...)` in a markdown file's code blocks. */
async function markdownConfigs(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const literals: string[] = [];
  for (const block of text.matchAll(/```(?:ts|js|typescript)\n([\s\S]*?)```/g)) {
    const code = block[1]!;
    const start = code.indexOf('defineConfig(');
    if (start < 0) continue;
    const end = code.lastIndexOf(')');
    literals.push(code.slice(start + 'defineConfig('.length, end));
  }
  return literals;
}

describe('every example siochaos shows is a config it accepts', () => {
  const all = examples(configSchema);

  it('finds the examples of the schema (and the http store url among them)', () => {
    expect(all.length).toBeGreaterThan(40);
    expect(all.map((e) => e.at)).toContain('config.store[kind=http].url');
  });

  it.each(all.map((e) => [e.at, e] as const))('the schema accepts its own example for %s', (_, { schema, example }) => {
    const parsed = z.safeParse(schema, example);
    expect(parsed.success ? 'accepted' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')).toBe('accepted');
  });

  it('shows the example of the store kind the config chose, not of another kind', () => {
    const raw = { store: { kind: 'http', url: 'not a url' } };
    const parsed = configSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    const lines = formatIssues(configSchema, parsed.error!.issues, 'siochaos.config.json', raw);
    expect(lines).toEqual([
      'siochaos.config.json: store.url: must be an http(s) URL ({port} and the other placeholders are filled in when the target starts) (for example: "http://127.0.0.1:{port}/messages")',
    ]);
    expect(exampleAt(configSchema, ['store', 'url'], { store: { kind: 'postgres' } })).toBe('postgres://postgres@127.0.0.1:5432/test');
  });

  it('accepts the http store the schema shows, with its {port} placeholder', () => {
    const parsed = configSchema.safeParse({
      target: { kind: 'command', command: ['node', 'server.js', '{port}'] },
      store: { kind: 'http', url: 'http://127.0.0.1:{port}/messages', fields: { offset: 'id', content: 'text' } },
    });
    expect(parsed.success).toBe(true);
    expect(configSchema.safeParse({ store: { kind: 'http', url: 'ftp://127.0.0.1:{port}/messages' } }).success).toBe(false);
  });

  it('accepts every config the READMEs show', async () => {
    const files = [path.join(packageRoot, 'README.md'), path.join(packageRoot, 'examples', 'README.md')];
    for (const entry of await readdir(path.join(packageRoot, 'examples'), { withFileTypes: true })) {
      if (entry.isDirectory()) files.push(path.join(packageRoot, 'examples', entry.name, 'README.md'));
    }
    let seen = 0;
    for (const file of files) {
      const literals = await markdownConfigs(file).catch(() => []);
      for (const literal of literals) {
        seen++;
        const value: unknown = new Function(`return (${literal});`)();
        const parsed = configSchema.safeParse(value);
        expect(parsed.success ? 'accepted' : formatIssues(configSchema, parsed.error.issues, path.relative(packageRoot, file), value)).toBe('accepted');
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('accepts every example config file', async () => {
    const files = await exampleConfigFiles();
    for (const file of files) await expect(readConfigFile(file)).resolves.toBeTypeOf('object');
    expect(files.length).toBeGreaterThan(3);
  });
});
