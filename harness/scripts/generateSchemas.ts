// `npm run schemas`: writes harness/schema/*.schema.json from their zod definitions.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../src/paths.js';
import { generateSchemas, SCHEMA_DIR } from './jsonSchemas.js';

for (const [name, text] of Object.entries(generateSchemas())) {
  const file = path.join(packageRoot, SCHEMA_DIR, name);
  await writeFile(file, text);
  console.log(`wrote ${path.relative(packageRoot, file)}`);
}
