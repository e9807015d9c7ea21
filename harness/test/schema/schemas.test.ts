import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { generateSchemas, SCHEMA_DIR } from '../../scripts/jsonSchemas.js';
import { exampleConfigFiles } from '../config/exampleConfigFiles.js';
import { resultsFor, validHistory, xssHistory } from '../reporters/fixtures.js';

const generated = generateSchemas();
const onDisk = (name: string) => readFile(path.join(packageRoot, SCHEMA_DIR, name), 'utf8');

describe('the JSON Schemas in harness/schema', () => {
  it.each(Object.keys(generated))('%s is what `npm run schemas` generates from its zod definition', async (name) => {
    const text = await onDisk(name).catch(() => '(missing)');
    expect(text === generated[name], `harness/schema/${name} is stale: run \`npm run schemas\` and commit it`).toBe(true);
  });

  it('ship in the package, for a config file\'s $schema and for programs that read results.json', async () => {
    const { files } = JSON.parse(await readFile(path.join(packageRoot, 'package.json'), 'utf8')) as { files: string[] };
    expect(files).toContain(`${SCHEMA_DIR}/*.schema.json`);
  });

  it('results.schema.json accepts what the json reporter writes, and refuses what it never writes', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(await onDisk('results.schema.json')));
    for (const { results } of [resultsFor(validHistory()), resultsFor(xssHistory())]) {
      expect(validate(results), ajv.errorsText(validate.errors)).toBe(true);
      expect(validate({ ...results, version: 2 })).toBe(false);
      expect(validate({ ...results, verdict: 'maybe' })).toBe(false);
      expect(validate({ ...results, config: { ...results.config, retries: -1 } })).toBe(false);
      expect(validate({ ...results, surprise: true })).toBe(false);
    }
  });

  it('config.schema.json accepts every example config file, which names it in $schema', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(await onDisk('config.schema.json')));
    const files = await exampleConfigFiles();
    for (const file of files) {
      const config = JSON.parse(await readFile(file, 'utf8'));
      expect(validate(config), `${path.relative(packageRoot, file)}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(path.resolve(path.dirname(file), config.$schema)).toBe(path.join(packageRoot, SCHEMA_DIR, 'config.schema.json'));
    }
    expect(files.length).toBeGreaterThan(3);
    expect(validate({ clients: 0 })).toBe(false);
    expect(validate({ target: { kind: 'command' } })).toBe(false);
  });
});
